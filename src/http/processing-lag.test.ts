import { describe, expect, it } from 'vitest'
import { createLagGuard } from './processing-lag.ts'

/** A store whose log and cursor the test moves by hand; every event was received at `receivedAtMs`. */
function fakeStore(receivedAtMs: number) {
  const state = { last: 0, cursor: 0 }
  return {
    state,
    store: {
      readCursor: async () => String(state.cursor),
      logLag: async (after: string) => {
        const events = state.last - Number(after)
        return { events, oldestReceivedAtMs: events > 0 ? receivedAtMs : null }
      },
    },
  }
}

describe('createLagGuard', () => {
  it('refuses past the bound in events, and takes events again only under 80 % of it', async () => {
    const nowMs = 1_000_000
    const { state, store } = fakeStore(nowMs)
    const changes: boolean[] = []
    const guard = createLagGuard({
      store,
      maxEvents: 100,
      maxSeconds: 60,
      now: () => nowMs,
      onChange: (lag) => changes.push(lag.isRefusing),
    })
    state.last = 100
    expect(await guard.check()).toEqual({ events: 100, seconds: 0, isRefusing: false })
    state.last = 101
    expect((await guard.check()).isRefusing).toBe(true)
    state.cursor = 15
    expect((await guard.check()).isRefusing).toBe(true)
    state.cursor = 21
    expect(await guard.check()).toEqual({ events: 80, seconds: 0, isRefusing: false })
    expect(changes).toEqual([true, false])
    guard.stop()
  })

  it('refuses when the oldest event waiting has waited too long, however few they are', async () => {
    let nowMs = 1_000_000
    const { state, store } = fakeStore(nowMs)
    const guard = createLagGuard({ store, maxEvents: 1000, maxSeconds: 60, now: () => nowMs })
    state.last = 3
    nowMs += 61_000
    expect(await guard.check()).toEqual({ events: 3, seconds: 61, isRefusing: true })
    state.cursor = 3
    expect(await guard.check()).toEqual({ events: 0, seconds: 0, isRefusing: false })
    guard.stop()
  })
})
