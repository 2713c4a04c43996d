import { afterEach, describe, expect, it } from 'vitest'
import { contactChange, contactsByEmail, drained, type SyncRig, startRig } from './hubspot-sync-harness.ts'

let rig: SyncRig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

/** Two rounds of changes per contact; HubSpot must end with the second. */
const rounds = (count: number, round: number) =>
  Array.from({ length: count }, (_, n) => contactChange(n, { logins_last_7_days: String(n + round * 1000) }))

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
  it('loses nothing through an outage of a few seconds', async () => {
    rig = await startRig()
    await rig.change(rounds(300, 1))
    await drained(rig)
    await rig.faults({ outageSeconds: 3 })
    await rig.change(rounds(300, 2))
    await new Promise((resolve) => setTimeout(resolve, 1000))
    await rig.change(rounds(300, 3))
    await drained(rig)
    await expectLatest(rig, 300, 3)
    expect((await rig.stats()).byStatus['503']).toBeGreaterThan(0)
  })

  it('loses nothing when 20 % of writes answer 502', async () => {
    rig = await startRig({ sim: { errorRate: 0.2 } })
    await rig.change(rounds(500, 1))
    await rig.change(rounds(500, 2))
    await drained(rig)
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
