import { describe, expect, it } from 'vitest'
import type { RejectionCode } from './message-rejection.ts'
import { type MessageContext, parseSegmentMessage } from './segment-message.ts'

const receivedAtMs = Date.parse('2026-11-26T16:00:00.000Z')
const context: MessageContext = { receivedAtMs, newMessageId: () => 'generated-1' }

function rejectionCode(raw: unknown, routeType?: Parameters<typeof parseSegmentMessage>[2]): RejectionCode | 'ok' {
  const result = parseSegmentMessage(raw, context, routeType)
  return result.ok ? 'ok' : result.rejection.code
}

describe('parseSegmentMessage', () => {
  it('parses a track message as @segment/analytics-node sends it', () => {
    const result = parseSegmentMessage(
      {
        timestamp: '2026-11-26T15:59:00.000Z',
        integrations: {},
        event: 'Feature Used',
        type: 'track',
        properties: { feature: 'export' },
        context: { library: { name: '@segment/analytics-node', version: '3.1.0' } },
        userId: 'u1',
        messageId: 'node-next-1',
        _metadata: { nodeVersion: 'v20.20.2', jsRuntime: 'node' },
      },
      context,
    )
    expect(result).toEqual({
      ok: true,
      event: {
        type: 'track',
        messageId: 'node-next-1',
        userId: 'u1',
        event: 'Feature Used',
        properties: { feature: 'export' },
        traits: {},
        timestampMs: receivedAtMs - 60_000,
        receivedAtMs,
      },
    })
  })

  it('parses identify traits and an anonymousId', () => {
    const result = parseSegmentMessage(
      { type: 'identify', userId: 'u1', anonymousId: 'a1', traits: { email: 'a@b.c' }, messageId: 'm' },
      context,
    )
    expect(result.ok && result.event).toMatchObject({ userId: 'u1', anonymousId: 'a1', traits: { email: 'a@b.c' } })
  })

  it('parses a group call with its groupId and traits', () => {
    const result = parseSegmentMessage({ userId: 'u1', groupId: 'acme', traits: { plan: 'trial' } }, context, 'group')
    expect(result.ok && result.event).toMatchObject({ type: 'group', groupId: 'acme', traits: { plan: 'trial' } })
  })

  it('parses an alias with its previousId', () => {
    const result = parseSegmentMessage({ type: 'alias', userId: 'u1', previousId: 'anon-1' }, context)
    expect(result.ok && result.event).toMatchObject({ type: 'alias', userId: 'u1', previousId: 'anon-1' })
  })

  it('parses page and screen names and properties', () => {
    const page = parseSegmentMessage({ type: 'page', anonymousId: 'a', name: 'Pricing', properties: { x: 1 } }, context)
    expect(page.ok && page.event).toMatchObject({ type: 'page', name: 'Pricing', properties: { x: 1 } })
    const screen = parseSegmentMessage({ type: 'screen', anonymousId: 'a' }, context)
    expect(screen.ok && screen.event).toMatchObject({ type: 'screen', properties: {} })
  })

  it('takes the type from the route over the message', () => {
    const result = parseSegmentMessage({ type: 'identify', userId: 'u1', event: 'Signed In' }, context, 'track')
    expect(result.ok && result.event.type).toBe('track')
  })

  it('reads numeric ids as their decimal text', () => {
    const result = parseSegmentMessage({ type: 'group', userId: 42, groupId: 7 }, context)
    expect(result.ok && result.event).toMatchObject({ userId: '42', groupId: '7' })
  })

  it('generates a messageId when the message has none', () => {
    const result = parseSegmentMessage({ type: 'track', userId: 'u1', event: 'E' }, context)
    expect(result.ok && result.event.messageId).toBe('generated-1')
  })

  it('uses originalTimestamp when there is no timestamp, corrected with sentAt', () => {
    const result = parseSegmentMessage(
      {
        type: 'track',
        userId: 'u1',
        event: 'E',
        originalTimestamp: '2026-11-26T18:00:00.000Z',
        sentAt: '2026-11-26T18:00:10.000Z',
      },
      context,
    )
    expect(result.ok && result.event.timestampMs).toBe(receivedAtMs - 10_000)
  })

  it('prefers the message sentAt over the batch sentAt', () => {
    const result = parseSegmentMessage(
      {
        type: 'track',
        userId: 'u1',
        event: 'E',
        timestamp: '2026-11-26T15:00:00.000Z',
        sentAt: '2026-11-26T15:00:05Z',
      },
      { ...context, batchSentAtMs: Date.parse('2026-11-26T15:30:00.000Z') },
    )
    expect(result.ok && result.event.timestampMs).toBe(receivedAtMs - 5000)
  })

  it('corrects with the batch sentAt when the message has none', () => {
    const result = parseSegmentMessage(
      { type: 'track', userId: 'u1', event: 'E', timestamp: '2026-11-26T15:00:00.000Z' },
      { ...context, batchSentAtMs: Date.parse('2026-11-26T15:00:02.000Z') },
    )
    expect(result.ok && result.event.timestampMs).toBe(receivedAtMs - 2000)
  })

  it('uses the time received when there is no time at all', () => {
    const result = parseSegmentMessage({ type: 'track', userId: 'u1', event: 'E' }, context)
    expect(result.ok && result.event.timestampMs).toBe(receivedAtMs)
  })

  it('turns a future timestamp into the time received', () => {
    const result = parseSegmentMessage(
      { type: 'track', userId: 'u1', event: 'E', timestamp: '2030-01-01T00:00:00Z' },
      context,
    )
    expect(result.ok && result.event.timestampMs).toBe(receivedAtMs)
  })

  it.each([
    ['year 1 (a zero date)', '0001-01-01T00:00:00Z'],
    ['the Unix epoch', '1970-01-01T00:00:00Z'],
    ['the last instant before 2000', '1999-12-31T23:59:59.999Z'],
  ])('rejects an event time in %s as out of range', (_, timestamp) => {
    const result = parseSegmentMessage({ type: 'track', userId: 'u1', event: 'E', timestamp }, context)
    expect(!result.ok && result.rejection.code).toBe('timestamp_out_of_range')
  })

  it('takes an event time from 2000-01-01 on', () => {
    const timestamp = '2000-01-01T00:00:00.000Z'
    const result = parseSegmentMessage({ type: 'track', userId: 'u1', event: 'E', timestamp }, context)
    expect(result.ok && result.event.timestampMs).toBe(Date.UTC(2000, 0, 1))
  })

  it('takes a year-1 timestamp that sentAt shows was the client clock, corrected to the time it happened', () => {
    // A device whose clock was reset: both its times are in year 1, ten seconds apart.
    const result = parseSegmentMessage(
      {
        type: 'track',
        userId: 'u1',
        event: 'E',
        timestamp: '0001-01-01T00:00:00Z',
        sentAt: '0001-01-01T00:00:10Z',
      },
      context,
    )
    expect(result.ok && result.event.timestampMs).toBe(receivedAtMs - 10_000)
  })

  it('rejects a time that the sentAt correction takes before 2000, however far', () => {
    const result = parseSegmentMessage(
      {
        type: 'track',
        userId: 'u1',
        event: 'E',
        timestamp: '0000-01-01T00:00:00Z',
        sentAt: '9999-12-31T23:59:59.999Z',
      },
      context,
    )
    expect(!result.ok && result.rejection.code).toBe('timestamp_out_of_range')
  })

  it('turns a timestamp in year 9999 into the time received', () => {
    const timestamp = '9999-12-31T23:59:59.999Z'
    const result = parseSegmentMessage({ type: 'track', userId: 'u1', event: 'E', timestamp }, context)
    expect(result.ok && result.event.timestampMs).toBe(receivedAtMs)
  })

  it('rejects an originalTimestamp before 2000 as out of range', () => {
    const originalTimestamp = '1969-07-20T20:17:40Z'
    const result = parseSegmentMessage({ type: 'track', userId: 'u1', event: 'E', originalTimestamp }, context)
    expect(!result.ok && result.rejection.code).toBe('timestamp_out_of_range')
  })

  it('reads a lone surrogate in an id (JSON "\\ud800") as U+FFFD, as it reads an invalid UTF-8 byte', () => {
    const result = parseSegmentMessage(
      { type: 'group', userId: '\ud800', anonymousId: 'a\udc00b', groupId: 'g\ud83d', messageId: 'm\udfff' },
      context,
    )
    expect(result.ok && result.event).toMatchObject({
      userId: '\ufffd',
      anonymousId: 'a\ufffdb',
      groupId: 'g\ufffd',
      messageId: 'm\ufffd',
    })
    const paired = parseSegmentMessage({ type: 'alias', userId: '😀', previousId: '\ud83d\ude00' }, context)
    expect(paired.ok && paired.event).toMatchObject({ userId: '😀', previousId: '😀' })
  })

  it('treats an empty userId as absent', () => {
    const result = parseSegmentMessage({ type: 'track', userId: '', anonymousId: 'a1', event: 'E' }, context)
    expect(result.ok && result.event).not.toHaveProperty('userId')
  })

  it.each([
    ['a message that is not an object', ['track'], 'not_an_object'],
    ['a message that is null', null, 'not_an_object'],
    ['a batch message without a type', { userId: 'u', event: 'E' }, 'invalid_type'],
    ['an unknown type', { type: 'purchase', userId: 'u' }, 'invalid_type'],
    ['a type in capitals', { type: 'Track', userId: 'u', event: 'E' }, 'invalid_type'],
    ['no userId and no anonymousId', { type: 'track', event: 'E' }, 'no_user_anon_id'],
    ['empty userId and no anonymousId', { type: 'track', userId: '', event: 'E' }, 'no_user_anon_id'],
    ['a userId that is an object', { type: 'track', userId: { id: 1 }, event: 'E' }, 'invalid_field'],
    ['an anonymousId that is a boolean', { type: 'track', anonymousId: true, event: 'E' }, 'invalid_field'],
    ['a track without event', { type: 'track', userId: 'u' }, 'missing_event'],
    ['a track with an empty event', { type: 'track', userId: 'u', event: '' }, 'missing_event'],
    ['an event name that is a number', { type: 'track', userId: 'u', event: 5 }, 'invalid_field'],
    ['properties that are an array', { type: 'track', userId: 'u', event: 'E', properties: [1] }, 'invalid_field'],
    ['properties that are a string', { type: 'page', userId: 'u', properties: 'x' }, 'invalid_field'],
    ['traits that are a string', { type: 'identify', userId: 'u', traits: 'x' }, 'invalid_field'],
    [
      'an identify whose email is not an address',
      { type: 'identify', userId: 'u', traits: { email: 'x' } },
      'invalid_field',
    ],
    [
      'an identify whose email has no domain',
      { type: 'identify', userId: 'u', traits: { email: 'ada@' } },
      'invalid_field',
    ],
    ['an identify whose email is a number', { type: 'identify', userId: 'u', traits: { email: 42 } }, 'invalid_field'],
    ['a group without groupId', { type: 'group', userId: 'u' }, 'missing_group_id'],
    ['a groupId that is an array', { type: 'group', userId: 'u', groupId: ['g'] }, 'invalid_field'],
    ['an alias without previousId', { type: 'alias', userId: 'u' }, 'missing_previous_id'],
    ['a previousId that is an object', { type: 'alias', userId: 'u', previousId: {} }, 'invalid_field'],
    ['a page name that is a number', { type: 'page', userId: 'u', name: 3 }, 'invalid_field'],
    ['a messageId that is a number', { type: 'track', userId: 'u', event: 'E', messageId: 1 }, 'invalid_field'],
    [
      'a messageId over 100 characters',
      { type: 'track', userId: 'u', event: 'E', messageId: 'm'.repeat(101) },
      'invalid_field',
    ],
    ['a timestamp that is not a time', { type: 'track', userId: 'u', event: 'E', timestamp: 'soon' }, 'invalid_field'],
    ['a timestamp that is a number', { type: 'track', userId: 'u', event: 'E', timestamp: 1 }, 'invalid_field'],
    [
      'an originalTimestamp that is not a time',
      { type: 'track', userId: 'u', event: 'E', originalTimestamp: 'x' },
      'invalid_field',
    ],
    ['a sentAt that is not a time', { type: 'track', userId: 'u', event: 'E', sentAt: 'x' }, 'invalid_field'],
  ] as const)('rejects %s', (_, raw, code) => {
    expect(rejectionCode(raw)).toBe(code)
  })

  it('says which email of an identify is not an email address', () => {
    const result = parseSegmentMessage({ type: 'identify', userId: 'u', traits: { email: 'not an email' } }, context)
    expect(result).toEqual({
      ok: false,
      rejection: { code: 'invalid_field', message: 'traits.email "not an email" is not an email address' },
    })
  })

  it.each([
    ['no email', {}],
    ['an empty email', { email: '' }],
    ['a null email', { email: null }],
    ['an email with spaces around it', { email: ' ada@acme.test ' }],
  ])('accepts an identify with %s', (_, traits) => {
    expect(rejectionCode({ type: 'identify', userId: 'u', traits })).toBe('ok')
  })

  it('says in words why a message is rejected', () => {
    const result = parseSegmentMessage({ type: 'track', event: 'E' }, context)
    expect(result).toEqual({
      ok: false,
      rejection: { code: 'no_user_anon_id', message: 'a message needs a userId or an anonymousId' },
    })
  })
})
