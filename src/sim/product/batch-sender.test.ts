import { describe, expect, it } from 'vitest'
import { createBatchSender, type FetchLike } from './batch-sender.ts'
import type { SegmentMessage } from './segment-message.ts'

const NOW_MS = Date.parse('2026-11-26T16:00:00.000Z')

function messages(count: number): SegmentMessage[] {
  return Array.from({ length: count }, (_, n) => ({
    type: 'track',
    messageId: `m${n}`,
    userId: 'u1',
    timestamp: new Date(NOW_MS - 1000).toISOString(),
    event: 'Signed In',
    properties: {},
    context: { groupId: 'acme' },
  }))
}

/** A fetch that answers each call with the next status of `statuses` (200 when they run out), or throws for 0. */
function scriptedFetch(statuses: number[], headers: Record<string, string> = {}) {
  const calls: { url: string; headers: Record<string, string>; body: { batch: SegmentMessage[]; sentAt: string } }[] =
    []
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, headers: init.headers, body: JSON.parse(init.body) })
    const status = statuses.shift() ?? 200
    if (status === 0) throw new TypeError('fetch failed')
    return { status, headers: { get: (name) => headers[name.toLowerCase()] ?? null }, text: async () => '{}' }
  }
  return { fetch, calls }
}

function sender(fetch: FetchLike, waits: number[] = []) {
  return createBatchSender({
    ingestUrl: 'http://127.0.0.1:9999',
    writeKey: 'wk_demo',
    fetch,
    sleep: async (ms) => {
      waits.push(ms)
    },
    now: () => NOW_MS,
    maxAttempts: 4,
    retryDelayMs: 100,
    requestTimeoutMs: 1_000,
  })
}

describe('createBatchSender', () => {
  it('posts to /v1/batch with the write key as the Basic user name and a sentAt', async () => {
    const { fetch, calls } = scriptedFetch([])
    expect(await sender(fetch).send(messages(3))).toEqual({ sent: 3, failure: undefined })
    expect(calls[0]?.url).toBe('http://127.0.0.1:9999/v1/batch')
    expect(calls[0]?.headers.authorization).toBe(`Basic ${Buffer.from('wk_demo:').toString('base64')}`)
    expect(calls[0]?.headers['content-type']).toBe('application/json')
    expect(calls[0]?.body.sentAt).toBe(new Date(NOW_MS).toISOString())
  })

  it('splits into requests of at most 100 messages, in order', async () => {
    const { fetch, calls } = scriptedFetch([])
    await sender(fetch).send(messages(250))
    expect(calls.map((c) => c.body.batch.length)).toEqual([100, 100, 50])
    expect(calls.flatMap((c) => c.body.batch.map((m) => m.messageId))).toEqual(messages(250).map((m) => m.messageId))
  })

  it('retries a 503 and a network error with doubling back-off', async () => {
    const waits: number[] = []
    const { fetch, calls } = scriptedFetch([503, 0, 200])
    expect(await sender(fetch, waits).send(messages(1))).toEqual({ sent: 1, failure: undefined })
    expect(calls).toHaveLength(3)
    expect(waits).toEqual([100, 200])
  })

  it('waits as long as a 429 asks with Retry-After', async () => {
    const waits: number[] = []
    const { fetch } = scriptedFetch([429], { 'retry-after': '2' })
    await sender(fetch, waits).send(messages(1))
    expect(waits).toEqual([2_000])
  })

  it('gives up after the last attempt and reports what was sent before', async () => {
    const { fetch, calls } = scriptedFetch([200, 500, 500, 500, 500])
    const result = await sender(fetch).send(messages(150))
    expect(calls).toHaveLength(5)
    expect(result.sent).toBe(100)
    expect(result.failure?.message).toContain('HTTP 500')
  })

  it('does not retry a request the server refuses for good', async () => {
    const { fetch, calls } = scriptedFetch([401])
    const result = await sender(fetch).send(messages(1))
    expect(calls).toHaveLength(1)
    expect(result).toMatchObject({ sent: 0, failure: { code: 'internal' } })
    expect(result.failure?.message).toContain('HTTP 401')
  })
})
