import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expectRejection, expectValidEvent } from '../../test/event-invariants.ts'
import { fuzzRuns, fuzzTimeoutMs } from '../../test/fuzz-runs.ts'
import { awkwardJson, awkwardMessage, eventTypes, filler, validMessage } from '../../test/segment-arbitraries.ts'
import { parseSegmentCall } from './segment-call.ts'
import { maxMessageBytes } from './segment-limits.ts'

const receivedAtMs = Date.parse('2026-11-26T16:00:00.000Z')
const context = { receivedAtMs, newMessageId: () => 'generated' }
const sentBytes = (body: unknown) => Buffer.byteLength(JSON.stringify(body) ?? '')

describe('parseSegmentCall on any input', { timeout: fuzzTimeoutMs(30_000) }, () => {
  it('never throws on any body and route: an event of the route type, or a rejection with a code and words', () => {
    fc.assert(
      fc.property(fc.oneof(awkwardMessage, awkwardJson), fc.constantFrom(...eventTypes), (body, type) => {
        const result = parseSegmentCall(body, type, { ...context, bodyBytes: sentBytes(body) })
        if (!result.ok) expectRejection(result.rejection)
        else {
          expectValidEvent(result.event, receivedAtMs)
          expect(result.event.type).toBe(type)
        }
      }),
      fuzzRuns(1500),
    )
  })

  it('accepts a call only when its JSON is within 32 KB, however few bytes it took to send', () => {
    const padded = fc
      .tuple(validMessage(receivedAtMs), filler, fc.integer({ min: 0, max: 7000 }), fc.constantFrom(...eventTypes))
      .map(([message, text, exponents, type]) => ({
        type,
        body: { ...message, properties: { text, n: Array.from({ length: exponents }, () => 1e20) } },
      }))
    fc.assert(
      fc.property(padded, ({ type, body }) => {
        // As sent, each 1e20 takes 4 bytes: the body can be well under 32 KB and the message well over.
        const wireBytes = JSON.stringify(body).replaceAll('100000000000000000000', '1e20').length
        const result = parseSegmentCall(body, type, { ...context, bodyBytes: wireBytes })
        if (result.ok) expect(sentBytes(body)).toBeLessThanOrEqual(maxMessageBytes)
        else if (result.rejection.code === 'message_too_large') {
          expect(Math.max(wireBytes, sentBytes(body))).toBeGreaterThan(maxMessageBytes)
        }
      }),
      fuzzRuns(200),
    )
  })
})
