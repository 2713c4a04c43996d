import { describe, expect, it } from 'vitest'
import { parseSegmentCall } from './segment-call.ts'
import { maxMessageBytes } from './segment-limits.ts'

const receivedAtMs = Date.parse('2026-11-26T16:00:00.000Z')
const context = { receivedAtMs, newMessageId: () => 'gen', bodyBytes: 100 }

describe('parseSegmentCall', () => {
  it('parses the body as one message of the route type', () => {
    const result = parseSegmentCall({ userId: 'u1', event: 'Signed In', writeKey: 'k' }, 'track', context)
    expect(result.ok && result.event).toMatchObject({ type: 'track', userId: 'u1', event: 'Signed In' })
  })

  it('corrects the time with the call sentAt', () => {
    const result = parseSegmentCall(
      { userId: 'u1', timestamp: '2026-11-26T20:00:00.000Z', sentAt: '2026-11-26T20:00:03.000Z' },
      'identify',
      context,
    )
    expect(result.ok && result.event.timestampMs).toBe(receivedAtMs - 3000)
  })

  it('rejects a call over 32 KB', () => {
    const result = parseSegmentCall({ userId: 'u1', event: 'E' }, 'track', {
      ...context,
      bodyBytes: maxMessageBytes + 1,
    })
    expect(!result.ok && result.rejection.code).toBe('message_too_large')
  })

  it('rejects a call over 32 KB as stored though its body was under 32 KB as sent (1e20 is 4 bytes, stored as 21)', () => {
    const wide = { userId: 'u1', event: 'E', properties: { n: Array.from({ length: 5000 }, () => 1e20) } }
    const sentBytes = JSON.stringify(wide).replaceAll('100000000000000000000', '1e20').length
    expect(sentBytes).toBeLessThan(maxMessageBytes)
    const result = parseSegmentCall(wide, 'track', { ...context, bodyBytes: sentBytes })
    expect(!result.ok && result.rejection.code).toBe('message_too_large')
  })

  it('rejects a call with no user', () => {
    const result = parseSegmentCall({ event: 'E' }, 'track', context)
    expect(!result.ok && result.rejection.code).toBe('no_user_anon_id')
  })
})
