import { join } from 'node:path'
import { type BenchmarkReport, type BenchOptions, targetRow } from './bench-report.ts'
import { type SimStats, sendAll, startHubspotRig } from './hubspot-rig.ts'
import { identifyMessage, type SegmentJson, trackMessage } from './segment-traffic.ts'
import { round } from './stats.ts'
import { createTempDir } from './temp-dir.ts'

/** HubSpot's 10-second allowance the simulator enforces, and the records one batch upsert carries at most. */
const CALLS_PER_10_SECONDS = 190
const RECORDS_PER_CALL = 100
/** The drain target: 90 % of the portal's budget in records per second (≈ 1,700). */
const TARGET_RECORDS_PER_SECOND = (0.9 * CALLS_PER_10_SECONDS * RECORDS_PER_CALL) / 10

/** How long the simulator takes to answer in the context drain: HubSpot's usual time over the internet. */
const SLOW_HUBSPOT_MS = 200

const noCompany = { users: 0, companies: 0 }

function backlogMessages(contacts: number, nowMs: number): SegmentJson[] {
  return Array.from({ length: contacts }, (_, n) => [
    identifyMessage(n, nowMs, `backlog-identify-${n}`),
    trackMessage(noCompany, n, 'Signed In', { method: 'password' }, nowMs, `backlog-signed-in-${n}`),
  ]).flat()
}

interface Sample {
  atMs: number
  stats: SimStats
}

/** The most calls HubSpot counted in any 10 s, from the samples (windows may run up to one sample interval long). */
function peakCallsPer10Seconds(samples: readonly Sample[]): number {
  let peak = 0
  let from = 0
  for (const sample of samples) {
    while ((samples[from + 1]?.atMs ?? Number.POSITIVE_INFINITY) <= sample.atMs - 10_000) from++
    // Before 10 s have passed the window is the run so far: a drain shorter than 10 s counts all its calls.
    const start = samples[from]
    if (start !== undefined) peak = Math.max(peak, sample.stats.calls - start.stats.calls)
  }
  return peak
}

interface Drain {
  backlog: number
  /** From the last reading before the first upsert to the outbox being empty. */
  drainSeconds: number
  recordsPerSecond: number
  /** Including the service's start and the sync's property set-up. */
  overallRecordsPerSecond: number
  peakCalls: number
  final: SimStats
  samples: Sample[]
}

/**
 * Builds a backlog of `contacts` with the sync off, then restarts the service with the sync on against a fresh
 * simulator (answering each call after `latencyMs`) and reads the simulator's counters every 100 ms until the
 * outbox is empty.
 */
async function measureDrain(contacts: number, latencyMs: number, log: (line: string) => void): Promise<Drain> {
  const dir = createTempDir('drain')
  const rig = await startHubspotRig()
  try {
    const dataDir = join(dir.path, 'data')
    log(`drain: building a backlog of ${contacts} contacts (sync off)`)
    const filling = await rig.startService(dataDir, false)
    await sendAll(filling.url, backlogMessages(contacts, Date.now()), 500)
    await filling.call('idle')
    const backlog = (await filling.call<{ contacts: number }>('outbox')).contacts
    await rig.stopService()

    log(`drain: ${backlog} contacts in the outbox; starting the sync (HubSpot answers in ${latencyMs} ms)`)
    await rig.simFaults({ latencyMs })
    const startedMs = Date.now()
    const service = await rig.startService(dataDir, true)
    const samples: Sample[] = []
    let done = false
    const idle = service.call('syncIdle').then(() => {
      done = true
    })
    while (!done) {
      samples.push({ atMs: Date.now(), stats: await rig.simStats() })
      await Promise.race([idle, new Promise((resolve) => setTimeout(resolve, 100))])
    }
    const endMs = Date.now()
    const final = await rig.simStats()
    samples.push({ atMs: endMs, stats: final })
    const firstUpsert = samples.findIndex((sample) => sample.stats.upsertRecords > 0)
    const beforeFirst = samples[Math.max(0, firstUpsert - 1)]
    const drainSeconds = (endMs - (beforeFirst?.atMs ?? startedMs)) / 1000
    return {
      backlog,
      drainSeconds,
      recordsPerSecond: (final.upsertRecords - (beforeFirst?.stats.upsertRecords ?? 0)) / drainSeconds,
      overallRecordsPerSecond: (backlog * 1000) / (endMs - startedMs),
      peakCalls: peakCallsPer10Seconds(samples),
      final,
      samples,
    }
  } finally {
    await rig.close()
    dir.remove()
  }
}

/**
 * Drain of a backlog (issue 4): N contacts (identified, one event each, no company) wait in the CRM outbox; the
 * sync drains them into a simulator at 190 calls / 10 s. The drain rate is the records HubSpot accepted per second.
 * HubSpot's limit is a rolling window, so the first window's calls go out at once: a drain of a few windows runs a
 * little above the long-run ceiling (171 calls / 10 s at the 90 % share = 1,710 records/s). The peak calls in any
 * 10 s show how much of the budget the sync used. Then a drain of 40,000 (several windows) against a simulator that takes
 * 200 ms to answer, as HubSpot does over the internet.
 */
export async function runDrainBench(options: BenchOptions): Promise<BenchmarkReport> {
  const main = await measureDrain(options.quick ? 20_000 : 100_000, 0, options.log)
  const slow = await measureDrain(options.quick ? 4_000 : 40_000, SLOW_HUBSPOT_MS, options.log)
  const { final } = main
  return {
    name: 'drain',
    rows: [
      targetRow(
        {
          benchmark: 'drain',
          measure: `drain ${main.backlog} contacts`,
          value: round(main.recordsPerSecond),
          unit: 'records/s',
          note: `${round(main.drainSeconds, 1)} s from first upsert to empty; ${round(main.overallRecordsPerSecond)} records/s counting start-up and property set-up`,
        },
        { atLeast: TARGET_RECORDS_PER_SECOND },
        `≥ ${TARGET_RECORDS_PER_SECOND.toLocaleString('en')}`,
      ),
      targetRow(
        {
          benchmark: 'drain',
          measure: 'peak calls in any 10 s',
          value: main.peakCalls,
          unit: 'calls',
          note: `${round((100 * main.peakCalls) / CALLS_PER_10_SECONDS)} % of the portal's ${CALLS_PER_10_SECONDS}`,
        },
        { atLeast: 0.9 * CALLS_PER_10_SECONDS },
        `≥ ${0.9 * CALLS_PER_10_SECONDS}`,
      ),
      targetRow(
        {
          benchmark: 'drain',
          measure: 'records per upsert call',
          value: round(final.upsertRecords / Math.max(1, final.upsertCalls), 1),
          unit: 'records',
          note: `${final.upsertCalls} upserts of ${final.calls} calls; ${round(final.upsertRecords / final.calls, 1)} records per call of any kind`,
        },
        { atLeast: 95 },
        '≥ 95',
      ),
      targetRow(
        { benchmark: 'drain', measure: 'calls answered 429', value: final.byStatus['429'] ?? 0, unit: 'calls' },
        { atMost: 0 },
        '0',
      ),
      {
        benchmark: 'drain',
        measure: `drain ${slow.backlog} contacts, HubSpot answering in ${SLOW_HUBSPOT_MS} ms`,
        value: round(slow.recordsPerSecond),
        unit: 'records/s',
        note: `${round((100 * slow.recordsPerSecond) / TARGET_RECORDS_PER_SECOND)} % of the 1,710 the budget allows; peak ${slow.peakCalls} calls in 10 s; ${slow.final.byStatus['429'] ?? 0} answered 429`,
      },
    ],
    details: { main, slow: { ...slow, samples: undefined } },
  }
}
