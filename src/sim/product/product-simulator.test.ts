import { afterEach, describe, expect, it } from 'vitest'
import type { FetchLike } from './batch-sender.ts'
import type { LiveRun } from './live-loop.ts'
import { createProductSimulator } from './product-simulator.ts'
import type { SegmentMessage } from './segment-message.ts'

const NOW_MS = Date.parse('2026-11-26T16:00:00.000Z')

function recordingFetch(answer: () => number | Error) {
  const batches: SegmentMessage[][] = []
  const fetch: FetchLike = async (_url, init) => {
    const status = answer()
    if (status instanceof Error) throw status
    batches.push((JSON.parse(init.body) as { batch: SegmentMessage[] }).batch)
    return { status, headers: { get: () => null }, text: async () => '{}' }
  }
  return { fetch, batches }
}

const until = async (condition: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
  expect(condition()).toBe(true)
}

let run: LiveRun | undefined
afterEach(async () => {
  await run?.stop()
  run = undefined
})

describe('createProductSimulator', () => {
  it('generates the same history for the same seed and time', () => {
    const make = () =>
      createProductSimulator({ ingestUrl: 'http://x.test', writeKey: 'k', seed: 9, users: 40, now: () => NOW_MS })
    expect(make().population.messages).toEqual(make().population.messages)
  })

  it('sends the whole history and says how many messages went', async () => {
    const { fetch, batches } = recordingFetch(() => 200)
    const simulator = createProductSimulator({
      ingestUrl: 'http://x.test',
      writeKey: 'k',
      users: 40,
      companies: 8,
      fetch,
    })
    const sent = await simulator.sendHistory()
    expect(sent).toBe(simulator.population.messages.length)
    expect(batches.flat()).toEqual(simulator.population.messages)
  })

  it('rejects sendHistory when the ingest API refuses the write key', async () => {
    const { fetch } = recordingFetch(() => 401)
    const simulator = createProductSimulator({ ingestUrl: 'http://x.test', writeKey: 'bad', users: 10, fetch })
    await expect(simulator.sendHistory()).rejects.toThrow(/HTTP 401/)
  })

  it('trickles live events at the present time and counts them', async () => {
    const { fetch, batches } = recordingFetch(() => 200)
    const simulator = createProductSimulator({ ingestUrl: 'http://x.test', writeKey: 'k', users: 40, fetch })
    const startedMs = Date.now()
    run = simulator.startLive({ eventsPerSecond: 200, tickMs: 20 })
    await until(() => (run?.stats().eventsSent ?? 0) >= 20)
    await run.stop()
    const live = batches.flat()
    expect(run.stats()).toMatchObject({ eventsSent: live.length, errors: 0, eventsDropped: 0 })
    for (const message of live) {
      expect(Date.parse(message.timestamp)).toBeGreaterThan(startedMs - 60_000)
      expect(Date.parse(message.timestamp)).toBeLessThanOrEqual(Date.now())
    }
  })

  it('counts failed live requests as errors and keeps going', async () => {
    let calls = 0
    const { fetch } = recordingFetch(() => (++calls % 2 === 1 ? new Error('connection refused') : 200))
    const errors: Error[] = []
    const simulator = createProductSimulator({
      ingestUrl: 'http://x.test',
      writeKey: 'k',
      users: 20,
      fetch,
      maxAttempts: 1,
      onError: (error) => errors.push(error),
    })
    run = simulator.startLive({ eventsPerSecond: 200, tickMs: 10 })
    await until(() => (run?.stats().errors ?? 0) >= 2 && (run?.stats().eventsSent ?? 0) > 0)
    await run.stop()
    expect(errors.length).toBe(run.stats().errors)
    expect(run.stats().eventsDropped).toBeGreaterThan(0)
  })

  it('stops: no request after stop() has resolved', async () => {
    const { fetch, batches } = recordingFetch(() => 200)
    const simulator = createProductSimulator({ ingestUrl: 'http://x.test', writeKey: 'k', users: 20, fetch })
    run = simulator.startLive({ eventsPerSecond: 100, tickMs: 10 })
    await until(() => batches.length > 0)
    await run.stop()
    const count = batches.length
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(batches.length).toBe(count)
  })
})
