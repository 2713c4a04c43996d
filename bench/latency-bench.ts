import { join } from 'node:path'
import type { SyncHealth } from '../src/crm/hubspot/sync-health.ts'
import { type BenchmarkReport, type BenchOptions, targetRow } from './bench-report.ts'
import { postBatch, type SimRecord, startHubspotRig, timeProperty, waitFor } from './hubspot-rig.ts'
import { emailOf, identifyMessage, type SegmentJson, trackMessage } from './segment-traffic.ts'
import { percentile, round } from './stats.ts'
import { createTempDir } from './temp-dir.ts'

/** Probe users are numbered from here, apart from any other traffic. */
const PROBE_BASE = 1_000_000
const noCompany = { users: 0, companies: 0 }

/** A new trial user's first request: who they are, then two milestones the default model scores. */
function probeMessages(n: number, nowMs: number): SegmentJson[] {
  return [
    identifyMessage(n, nowMs, `probe-${n}-identify`),
    trackMessage(noCompany, n, 'Onboarding Completed', {}, nowMs, `probe-${n}-onboarding`),
    trackMessage(noCompany, n, 'Signed In', { method: 'password' }, nowMs, `probe-${n}-signed-in`),
  ]
}

/** Sends one probe every `intervalMs`, returning when each was sent (epoch ms, just before the request). */
async function sendProbes(url: string, first: number, count: number, intervalMs: number): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>()
  const requests: Promise<void>[] = []
  const startMs = Date.now()
  for (let index = 0; index < count; index++) {
    const dueMs = startMs + index * intervalMs
    if (dueMs > Date.now()) await new Promise((resolve) => setTimeout(resolve, dueMs - Date.now()))
    const n = first + index
    const nowMs = Date.now()
    sentAt.set(emailOf(n), nowMs)
    requests.push(postBatch(url, probeMessages(n, nowMs), nowMs))
  }
  await Promise.all(requests)
  return sentAt
}

/** Per probe, from sending its request to HubSpot creating the record (the simulator's `createdate`). */
function latencies(sentAt: Map<string, number>, records: readonly SimRecord[]) {
  const byEmail = new Map(records.map((record) => [record.properties.email ?? '', record]))
  const samples: number[] = []
  let withoutScore = 0
  for (const [email, sentMs] of sentAt) {
    const record = byEmail.get(email)
    if (record === undefined) continue
    samples.push(timeProperty(record, 'createdate') - sentMs)
    if ((record.properties.lead_score_product_usage ?? '') === '') withoutScore++
  }
  return { samples, missing: sentAt.size - samples.length, withoutScore }
}

/**
 * Event → HubSpot latency at a light load, with the whole service (ingest, processor, real HubSpot sync) in one
 * child process and the HubSpot simulator (190 calls / 10 s) in another. A probe is a new user's first request
 * (identify with email + two track calls), one every 100 ms; its latency runs from the moment the bench sends the
 * request to the moment the simulator created the contact with its score (`createdate`, same machine clock).
 */
export async function runLatencyBench(options: BenchOptions): Promise<BenchmarkReport> {
  const probeCount = options.quick ? 100 : 300
  const intervalMs = 100
  const dir = createTempDir('latency')
  const rig = await startHubspotRig()
  try {
    const service = await rig.startService(join(dir.path, 'data'), true)
    await waitFor(
      async () => (await service.call<SyncHealth | null>('syncHealth'))?.provisioned === true,
      'the sync to create its HubSpot properties',
      60_000,
    )
    options.log('latency: warm-up (20 probes)')
    await sendProbes(service.url, PROBE_BASE, 20, intervalMs)
    await service.call('syncIdle')
    options.log(`latency: ${probeCount} probes, one every ${intervalMs} ms`)
    const before = await rig.simStats()
    const sentAt = await sendProbes(service.url, PROBE_BASE + 1_000, probeCount, intervalMs)
    await service.call('syncIdle')
    const after = await rig.simStats()
    const measured = latencies(sentAt, await rig.simContacts())
    const health = await service.call<SyncHealth | null>('syncHealth')
    const p50 = percentile(measured.samples, 0.5)
    const p99 = percentile(measured.samples, 0.99)
    const calls = after.calls - before.calls
    const records = after.upsertRecords - before.upsertRecords
    const note = `${measured.samples.length} probes at ${1000 / intervalMs}/s; ${calls} HubSpot calls, ${round(records / Math.max(1, after.upsertCalls - before.upsertCalls), 1)} records per upsert`
    return {
      name: 'latency',
      rows: [
        targetRow(
          { benchmark: 'latency', measure: 'event → HubSpot p50 (light load)', value: round(p50), unit: 'ms', note },
          { atMost: 1_000 },
          '≤ 1,000',
        ),
        {
          benchmark: 'latency',
          measure: 'event → HubSpot p99 (light load)',
          value: round(p99),
          unit: 'ms',
          note: `max ${round(Math.max(...measured.samples))} ms; ${measured.missing} probes missing, ${measured.withoutScore} without score`,
        },
      ],
      details: {
        probes: probeCount,
        intervalMs,
        samplesMs: measured.samples,
        missing: measured.missing,
        withoutScore: measured.withoutScore,
        simulatorCalls: { before, after },
        syncOwnLatencyMs: health?.latencyMs ?? null,
      },
    }
  } finally {
    await rig.close()
    dir.remove()
  }
}
