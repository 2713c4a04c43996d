import { describe, expect, it } from 'vitest'
import { parseSegmentBatch } from './segment-batch.ts'
import { maxBatchMessages, maxMessageBytes } from './segment-limits.ts'

const receivedAtMs = Date.parse('2026-11-26T16:00:00.000Z')
let counter = 0
const context = { receivedAtMs, newMessageId: () => `gen-${counter++}` }

const track = (userId: string, messageId: string) => ({ type: 'track', userId, event: 'Signed In', messageId })

describe('parseSegmentBatch', () => {
  it('keeps the valid messages in order and rejects the invalid one with its index and messageId', () => {
    const result = parseSegmentBatch(
      { batch: [track('u1', 'm1'), { type: 'track', event: 'E', messageId: 'bad' }, track('u2', 'm3')] },
      context,
    )
    expect(result.ok && result.events.map((event) => event.messageId)).toEqual(['m1', 'm3'])
    expect(result.ok && result.rejected).toEqual([
      { index: 1, messageId: 'bad', code: 'no_user_anon_id', message: 'a message needs a userId or an anonymousId' },
    ])
  })

  it('omits the messageId of a rejected message that has none', () => {
    const result = parseSegmentBatch({ batch: [{ type: 'track', userId: 'u' }] }, context)
    expect(result.ok && result.rejected[0]).toEqual({
      index: 0,
      code: 'missing_event',
      message: 'a track call needs an event name',
    })
  })

  it('corrects every message for the clock skew with the batch sentAt', () => {
    const result = parseSegmentBatch(
      {
        batch: [{ ...track('u1', 'm1'), timestamp: '2026-11-26T17:59:00.000Z' }],
        sentAt: '2026-11-26T18:00:00.000Z',
      },
      context,
    )
    expect(result.ok && result.events[0]?.timestampMs).toBe(receivedAtMs - 60_000)
  })

  it('accepts an empty batch', () => {
    expect(parseSegmentBatch({ batch: [] }, context)).toEqual({ ok: true, events: [], rejected: [] })
  })

  it.each([
    ['a body that is not an object', [track('u', 'm')]],
    ['a body that is null', null],
    ['a body without batch', { writeKey: 'k' }],
    ['a batch that is not an array', { batch: { 0: track('u', 'm') } }],
    ['a batch sentAt that is not a time', { batch: [], sentAt: 'later' }],
  ])('refuses %s as a whole', (_, body) => {
    expect(parseSegmentBatch(body, context).ok).toBe(false)
  })

  it('rejects a message over 32 KB and keeps the others', () => {
    const big = { ...track('u1', 'big'), properties: { blob: 'x'.repeat(maxMessageBytes) } }
    const result = parseSegmentBatch({ batch: [big, track('u2', 'small')] }, context)
    expect(result.ok && result.events.map((event) => event.messageId)).toEqual(['small'])
    expect(result.ok && result.rejected[0]).toMatchObject({ index: 0, messageId: 'big', code: 'message_too_large' })
  })

  it('counts UTF-8 bytes, not characters, against the 32 KB limit', () => {
    // 12,000 three-byte characters: 36,000 bytes in fewer than 32,768 characters.
    const wide = { ...track('u1', 'wide'), properties: { text: '€'.repeat(12_000) } }
    const result = parseSegmentBatch({ batch: [wide] }, context)
    expect(result.ok && result.rejected[0]?.code).toBe('message_too_large')
  })

  it('rejects a message over 32 KB as stored though its body was under 32 KB as sent (1e20 is 4 bytes, stored as 21)', () => {
    const wide = { ...track('u1', 'exponents'), properties: { n: Array.from({ length: 5000 }, () => 1e20) } }
    const sentBytes = JSON.stringify(wide).replaceAll('100000000000000000000', '1e20').length
    expect(sentBytes).toBeLessThan(maxMessageBytes)
    const result = parseSegmentBatch({ batch: [wide] }, context)
    expect(result.ok && result.rejected[0]?.code).toBe('message_too_large')
  })

  it('accepts a message just under 32 KB', () => {
    const nearly = { ...track('u1', 'nearly'), properties: { blob: 'x'.repeat(maxMessageBytes - 200) } }
    const result = parseSegmentBatch({ batch: [nearly] }, context)
    expect(result.ok && result.events).toHaveLength(1)
  })

  it('rejects a message nested too deep to store', () => {
    let deep: unknown = {}
    for (let level = 0; level < 100; level++) deep = { deeper: deep }
    const result = parseSegmentBatch({ batch: [{ ...track('u1', 'deep'), properties: deep }] }, context)
    expect(result.ok && result.rejected[0]?.code).toBe('message_too_deep')
  })

  it(`rejects the messages after the first ${maxBatchMessages} together, in one entry with their count`, () => {
    const batch = Array.from({ length: maxBatchMessages + 2 }, (_, index) => track('u', `m${index}`))
    const result = parseSegmentBatch({ batch }, context)
    expect(result.ok && result.events).toHaveLength(maxBatchMessages)
    expect(result.ok && result.rejected).toEqual([
      {
        index: maxBatchMessages,
        count: 2,
        code: 'too_many_messages',
        message: `a batch holds at most ${maxBatchMessages} messages: the 2 from index ${maxBatchMessages} on were not read`,
      },
    ])
  })
})
