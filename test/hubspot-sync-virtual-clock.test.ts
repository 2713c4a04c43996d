import { describe, expect, it } from 'vitest'
import type { FetchLike } from '../src/crm/hubspot/fetch-like.ts'
import { createVirtualClock } from './hubspot-sync-virtual-clock.ts'

const START_MS = Date.parse('2026-11-26T12:00:00Z')

describe('the virtual clock of the sync tests', () => {
  it('lets a minute of sleep pass at once, waking sleepers in order at their instant', async () => {
    const clock = createVirtualClock(START_MS)
    const woke: [string, number][] = []
    const started = Date.now()
    await Promise.all([
      clock.sleep(60_000).then(() => woke.push(['long', clock.now() - START_MS])),
      clock.sleep(1_500).then(() => woke.push(['short', clock.now() - START_MS])),
    ])
    expect(woke).toEqual([
      ['short', 1_500],
      ['long', 60_000],
    ])
    expect(Date.now() - started).toBeLessThan(1_000)
    clock.stop()
  })

  it('stands still while a tracked call is in flight', async () => {
    const clock = createVirtualClock(START_MS)
    const slow: FetchLike = async () => {
      await new Promise((resolve) => setTimeout(resolve, 50))
      return { status: 200, headers: new Headers(), text: async () => String(clock.now() - START_MS) }
    }
    const tracked = clock.track(slow)
    let sleptAtMs: number | undefined
    const sleeping = clock.sleep(10).then(() => {
      sleptAtMs = clock.now()
    })
    const answer = await tracked('http://sim.test/', {
      method: 'GET',
      headers: {},
      signal: new AbortController().signal,
    })
    expect(await answer.text()).toBe('0')
    await sleeping
    expect(sleptAtMs).toBe(START_MS + 10)
    clock.stop()
  })
})
