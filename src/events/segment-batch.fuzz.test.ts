import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expectRejection, expectValidEvent } from '../../test/event-invariants.ts'
import { fuzzRuns, fuzzTimeoutMs } from '../../test/fuzz-runs.ts'
import { awkwardJson, awkwardMessage, awkwardTime, filler, validMessage } from '../../test/segment-arbitraries.ts'
import { readTimeMs } from './event-time.ts'
import { maxMessageDepth } from './message-size.ts'
import { parseSegmentBatch } from './segment-batch.ts'
import { maxBatchMessages, maxMessageBytes } from './segment-limits.ts'
import { parseSegmentMessage } from './segment-message.ts'

const receivedAtMs = Date.parse('2026-11-26T16:00:00.000Z')
const context = { receivedAtMs, newMessageId: () => 'generated' }
const anyMessage = fc.oneof(awkwardMessage, validMessage(receivedAtMs), awkwardJson)
const storedBytes = (message: unknown) => Buffer.byteLength(JSON.stringify(message) ?? '')

function nested(levels: number): unknown {
  let value: unknown = 'leaf'
  for (let level = 0; level < levels; level++) value = level % 2 === 0 ? [value] : { deeper: value }
  return value
}

describe('parseSegmentBatch on any input', { timeout: fuzzTimeoutMs(30_000) }, () => {
  it('never throws, and answers every message of a batch once, in order: an event or a rejection by index', () => {
    const body = fc.record(
      { batch: fc.array(anyMessage, { maxLength: 8 }), sentAt: awkwardTime, writeKey: awkwardJson },
      { requiredKeys: ['batch'] },
    )
    fc.assert(
      fc.property(fc.oneof(body, awkwardJson), (raw) => {
        const result = parseSegmentBatch(raw, context)
        if (!result.ok) {
          expect(result.message).toEqual(expect.any(String))
          return
        }
        const batch = (raw as { batch: unknown[] }).batch
        const rejectedCount = result.rejected.reduce((sum, rejection) => sum + (rejection.count ?? 1), 0)
        expect(result.events.length + rejectedCount).toBe(batch.length)
        const indexes = result.rejected.map((rejection) => rejection.index)
        expect(indexes).toEqual([...new Set(indexes)].sort((a, b) => a - b))
        for (const rejection of result.rejected) {
          expectRejection(rejection)
          const messageId = (batch[rejection.index] as { messageId?: unknown } | null)?.messageId
          expect(rejection.messageId).toBe(typeof messageId === 'string' ? messageId : undefined)
        }
        for (const event of result.events) expectValidEvent(event, receivedAtMs)
      }),
      fuzzRuns(1000),
    )
  })

  it('judges a message in a batch as it would be judged alone, with the batch sentAt', () => {
    fc.assert(
      fc.property(fc.array(anyMessage, { maxLength: 6 }), awkwardTime, (batch, sentAt) => {
        const result = parseSegmentBatch({ batch, sentAt }, context)
        if (!result.ok) return
        const batchSentAtMs = readTimeMs(sentAt)
        const alone = batch.map((message) => parseSegmentMessage(message, { ...context, batchSentAtMs }))
        expect(result.events).toEqual(alone.flatMap((one) => (one.ok ? [one.event] : [])))
        expect(result.rejected.map(({ code, message }) => ({ code, message }))).toEqual(
          alone.flatMap((one) => (one.ok ? [] : [one.rejection])),
        )
      }),
      fuzzRuns(1000),
    )
  })

  it('accepts a message only when its JSON is within 32 KB, whatever it is made of', () => {
    const padded = fc
      .tuple(validMessage(receivedAtMs), filler, fc.integer({ min: 0, max: 7000 }))
      .map(([message, text, exponents]) => ({
        ...message,
        properties: { text, n: Array.from({ length: exponents }, () => 1e20) },
      }))
    fc.assert(
      fc.property(padded, (message) => {
        const result = parseSegmentBatch({ batch: [message] }, context)
        const fits = storedBytes(message) <= maxMessageBytes
        expect(result.ok && (fits ? result.events.length : result.rejected[0]?.code)).toBe(
          fits ? 1 : 'message_too_large',
        )
      }),
      fuzzRuns(200),
    )
  })

  it(`rejects a message nested deeper than ${maxMessageDepth} levels, down to 10,000 deep, and keeps the others`, () => {
    fc.assert(
      fc.property(fc.integer({ min: maxMessageDepth, max: 10_000 }), validMessage(receivedAtMs), (depth, valid) => {
        const deep = { type: 'track', userId: 'u', event: 'E', properties: { x: nested(depth) } }
        const result = parseSegmentBatch({ batch: [deep, valid] }, context)
        expect(result.ok && result.rejected.map((rejection) => rejection.code)).toEqual(['message_too_deep'])
        expect(result.ok && result.events).toHaveLength(1)
      }),
      fuzzRuns(50),
    )
  })

  it(`rejects every message after the first ${maxBatchMessages}, whatever it is, in one entry`, () => {
    fc.assert(
      fc.property(fc.array(anyMessage, { minLength: 1, maxLength: 5 }), (extra) => {
        const batch = [...Array.from({ length: maxBatchMessages }, () => ({ type: 'track' })), ...extra]
        const result = parseSegmentBatch({ batch }, context)
        expect(result.ok && result.rejected.slice(maxBatchMessages)).toMatchObject([
          { index: maxBatchMessages, count: extra.length, code: 'too_many_messages' },
        ])
      }),
      fuzzRuns(20),
    )
  })
})
