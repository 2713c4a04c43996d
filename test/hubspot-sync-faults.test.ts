import { performance } from 'node:perf_hooks'
import { afterEach, describe, expect, it } from 'vitest'
import { createSeededRandom } from '../src/sim/product/seeded-random.ts'
import { contactChange, contactsByEmail, drained, type SyncRig, startRig } from './hubspot-sync-harness.ts'
import { createVirtualClock } from './hubspot-sync-virtual-clock.ts'

let rig: SyncRig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

/** Two rounds of changes per contact; HubSpot must end with the second. */
const rounds = (count: number, round: number, changedAtMs = Date.now()) =>
  Array.from({ length: count }, (_, n) =>
    contactChange(n, { logins_last_7_days: String(n + round * 1000) }, { changedAtMs }),
  )

async function expectLatest(current: SyncRig, count: number, round: number): Promise<void> {
  const contacts = await contactsByEmail(current)
  const wrong = Array.from({ length: count }, (_, n) => n).filter(
    (n) => contacts.get(`c${n}@sync.test`)?.logins_last_7_days !== String(n + round * 1000),
  )
  expect(wrong).toEqual([])
  expect(await current.store.outboxSize()).toEqual({ contacts: 0, companies: 0, oldestChangedAtMs: null })
  expect(await current.store.deadLetters(10)).toEqual([])
}

describe('HubSpot sync under faults', () => {
  it('loses nothing through an outage of 60 s, which both sides see pass on a virtual clock', async () => {
    const clock = createVirtualClock(Date.parse('2026-11-26T12:00:00Z'))
    rig = await startRig({ clock })
    const wallStartMs = performance.now()
    await rig.change(rounds(300, 1, clock.now()))
    await drained(rig)
    const outageStartMs = clock.now()
    await rig.faults({ outageSeconds: 60 })
    await rig.change(rounds(300, 2, clock.now()))
    await clock.sleep(30_000)
    await rig.change(rounds(300, 3, clock.now()))
    await drained(rig)
    const wallMs = performance.now() - wallStartMs

    await expectLatest(rig, 300, 3)
    expect((await rig.stats()).byStatus['503']).toBeGreaterThanOrEqual(3)
    // HubSpot's clock: every last value was written after the outage, and the sync came back within one back-off.
    const outageEndMs = outageStartMs + 60_000
    const writtenAt = [...(await contactsByEmail(rig)).values()].map((c) => Date.parse(c.lastmodifieddate ?? ''))
    expect(Math.min(...writtenAt)).toBeGreaterThanOrEqual(outageEndMs)
    expect(Math.max(...writtenAt)).toBeLessThanOrEqual(outageEndMs + 16_000)
    // The sync's clock: the changes made when the outage began waited the whole minute.
    expect((await rig.sync.health()).latencyMs.p99).toBeGreaterThanOrEqual(60_000)
    expect(wallMs).toBeLessThan(5_000)
  })

  it('loses nothing when 20 % of writes answer 502', async () => {
    // A seeded draw, so the run of 502s (and the back-off it causes) is the same every time.
    rig = await startRig({ sim: { errorRate: 0.2, random: createSeededRandom(7) } })
    await rig.change(rounds(500, 1))
    await rig.change(rounds(500, 2))
    await drained(rig, 40_000)
    await expectLatest(rig, 500, 2)
  })

  it('retries calls that time out', async () => {
    rig = await startRig({ sim: { latencyMs: 600 }, tuning: { requestTimeoutMs: 300 } })
    await rig.change(rounds(150, 1))
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(rig.logs.some((line) => line.includes('timed out'))).toBe(true)
    await rig.faults({ latencyMs: 0 })
    await drained(rig)
    await expectLatest(rig, 150, 1)
  })

  it('keeps 429s under 1 % when the portal allows less than configured', async () => {
    rig = await startRig({ sim: { rateLimitPer10s: 8 }, hubspot: { callsPer10Seconds: 190 } })
    await rig.change(rounds(400, 1))
    await drained(rig, 25_000)
    await expectLatest(rig, 400, 1)
    const stats = await rig.stats()
    expect(stats.byStatus['429'] ?? 0).toBeLessThanOrEqual(stats.calls * 0.01)
    expect((await rig.sync.health()).budget.portalMaxPerWindow).toBe(8)
  })
})
