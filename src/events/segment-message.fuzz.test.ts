import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expectRejection, expectValidEvent } from '../../test/event-invariants.ts'
import { fuzzRuns, fuzzTimeoutMs } from '../../test/fuzz-runs.ts'
import {
  awkwardJson,
  awkwardMessage,
  awkwardTime,
  eventTypes,
  prototypeNames,
  validMessage,
} from '../../test/segment-arbitraries.ts'
import { earliestEventTimeMs, readTimeMs } from './event-time.ts'
import { type MessageContext, parseSegmentMessage } from './segment-message.ts'

const receivedAtMs = Date.parse('2026-11-26T16:00:00.000Z')
const context: MessageContext = { receivedAtMs, newMessageId: () => 'generated' }
const routeType = fc.option(fc.constantFrom(...eventTypes), { nil: undefined })

describe('parseSegmentMessage on any input', { timeout: fuzzTimeoutMs(30_000) }, () => {
  it('never throws: answers an event the rest of upscore can rely on, or a rejection with a code and words', () => {
    fc.assert(
      fc.property(fc.oneof(awkwardMessage, awkwardJson), routeType, (raw, route) => {
        const result = parseSegmentMessage(raw, context, route)
        if (!result.ok) expectRejection(result.rejection)
        else {
          expectValidEvent(result.event, receivedAtMs)
          if (route !== undefined) expect(result.event.type).toBe(route)
        }
      }),
      fuzzRuns(3000),
    )
  })

  it('leaves the message it reads as it was', () => {
    fc.assert(
      fc.property(awkwardMessage, routeType, (raw, route) => {
        const before = JSON.stringify(raw)
        parseSegmentMessage(raw, context, route)
        expect(JSON.stringify(raw)).toBe(before)
      }),
      fuzzRuns(500),
    )
  })

  it('accepts every valid message, with the ids, names and fields it was sent', () => {
    fc.assert(
      fc.property(validMessage(receivedAtMs), (raw) => {
        const result = parseSegmentMessage(raw, context)
        if (!result.ok) throw new Error(`rejected: ${result.rejection.message}`)
        expectValidEvent(result.event, receivedAtMs)
        expect(result.event).toMatchObject({ type: raw.type, userId: raw.userId, messageId: raw.messageId })
        if (raw.type === 'track') expect(result.event.event).toBe(raw.event)
        if (raw.type === 'group') expect(result.event.groupId).toBe(raw.groupId)
        if (raw.type === 'alias') expect(result.event.previousId).toBe(raw.previousId)
        if (raw.type === 'identify' || raw.type === 'group') expect(result.event.traits).toEqual(raw.traits ?? {})
        if (raw.type === 'track' || raw.type === 'page') expect(result.event.properties).toEqual(raw.properties ?? {})
      }),
      fuzzRuns(1000),
    )
  })

  it('takes every name a plain object inherits as an id, an event name or a key, like any other text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...prototypeNames), fc.constantFrom(...eventTypes), (name, type) => {
        const raw = { type, userId: name, anonymousId: name, event: name, groupId: name, previousId: name }
        const result = parseSegmentMessage({ ...raw, messageId: name, properties: { [name]: name } }, context)
        expect(result.ok && result.event).toMatchObject({ userId: name, anonymousId: name, messageId: name })
      }),
      fuzzRuns(200),
    )
  })

  it('rejects any message without a userId or anonymousId that is a string or a finite number', () => {
    const noId = fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant(''))
    fc.assert(
      fc.property(validMessage(receivedAtMs), noId, noId, (raw, userId, anonymousId) => {
        const result = parseSegmentMessage({ ...raw, userId, anonymousId }, context)
        expect(!result.ok && result.rejection.code).toBe('no_user_anon_id')
      }),
      fuzzRuns(300),
    )
  })
})

describe('parseSegmentMessage event times', { timeout: fuzzTimeoutMs(30_000) }, () => {
  const track = { type: 'track', userId: 'u1', event: 'E' }

  it('takes a timestamp from 2000 up to the time received as it is, and a later one as the time received', () => {
    const time = fc.date({
      min: new Date(earliestEventTimeMs),
      max: new Date('9999-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    })
    fc.assert(
      fc.property(time, (date) => {
        const result = parseSegmentMessage({ ...track, timestamp: date.toISOString() }, context)
        expect(result.ok && result.event.timestampMs).toBe(Math.min(date.getTime(), receivedAtMs))
      }),
      fuzzRuns(1000),
    )
  })

  it('rejects any timestamp before 2000 as out of range', () => {
    const time = fc.date({
      min: new Date('0000-01-01T00:00:00Z'),
      max: new Date(earliestEventTimeMs - 1),
      noInvalidDate: true,
    })
    fc.assert(
      fc.property(time, (date) => {
        const result = parseSegmentMessage({ ...track, timestamp: date.toISOString() }, context)
        expect(!result.ok && result.rejection.code).toBe('timestamp_out_of_range')
      }),
      fuzzRuns(1000),
    )
  })

  it('corrects any timestamp by any sentAt as Segment does, and rejects what that takes before 2000', () => {
    const optionalTime = fc.option(awkwardTime, { nil: undefined })
    fc.assert(
      fc.property(awkwardTime, optionalTime, optionalTime, (timestamp, sentAt, batchSentAt) => {
        const batchSentAtMs = readTimeMs(batchSentAt)
        const messageContext = Number.isFinite(batchSentAtMs) ? { ...context, batchSentAtMs } : context
        const result = parseSegmentMessage({ ...track, timestamp, sentAt }, messageContext)
        const timestampMs = readTimeMs(timestamp)
        const sentAtMs = readTimeMs(sentAt) ?? messageContext.batchSentAtMs
        if (Number.isNaN(timestampMs) || Number.isNaN(sentAtMs)) {
          expect(!result.ok && result.rejection.code).toBe('invalid_field')
          return
        }
        const correctedMs =
          timestampMs === undefined
            ? receivedAtMs
            : sentAtMs === undefined
              ? timestampMs
              : receivedAtMs - (sentAtMs - timestampMs)
        if (correctedMs < earliestEventTimeMs) {
          expect(!result.ok && result.rejection.code).toBe('timestamp_out_of_range')
          return
        }
        if (!result.ok) throw new Error(`rejected: ${result.rejection.message}`)
        expectValidEvent(result.event, receivedAtMs)
        expect(result.event.timestampMs).toBe(Math.min(correctedMs, receivedAtMs))
      }),
      fuzzRuns(3000),
    )
  })
})
