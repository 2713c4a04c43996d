import { copyFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { loadModel } from '../src/load-model.ts'
import { createProcessor, type ProcessorStats } from '../src/pipeline/processor.ts'
import { eventLogPathOf } from '../src/storage/sqlite/event-log-db.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import { type BenchmarkReport, type BenchOptions, targetRow } from './bench-report.ts'
import { sampleMemory } from './memory-sampler.ts'
import { type LogShape, prefillLog } from './prefill-log.ts'
import { median, round } from './stats.ts'
import { createTempDir } from './temp-dir.ts'

const DAY_MS = 86_400_000

interface ProcessingRun {
  seconds: number
  eventsPerSecond: number
  stats: ProcessorStats
  peakRssMb: number
}

/** Copies a closed embedded store: its state file and its event log's file (and their WALs, if any were left). */
function copyDatabase(from: string, to: string): void {
  for (const [source, target] of [
    [from, to],
    [eventLogPathOf(from), eventLogPathOf(to)],
  ] as const) {
    copyFileSync(source, target)
    if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${target}-wal`)
  }
}

/** Runs a processor over `path` until it is idle, with the clock at `now()`. */
async function processUntilIdle(path: string, now: () => number): Promise<ProcessingRun> {
  const store = openSqliteStore({ path, durableFsync: false })
  const processor = createProcessor({ store, model: loadModel(undefined), now })
  const memory = sampleMemory()
  const startedAt = performance.now()
  await processor.start()
  await processor.idle()
  const seconds = (performance.now() - startedAt) / 1000
  const peakRssMb = memory.stop()
  const stats = processor.stats()
  await processor.stop()
  await store.close()
  return { seconds, eventsPerSecond: stats.eventsProcessed / seconds, stats, peakRssMb }
}

/**
 * Processing throughput: the log is pre-filled (each user's identify and group, then the usual mix over six days),
 * then the processor (one process, default batch of 2,000 events) runs from an empty state until it is idle. Timed
 * from `start()` to `idle()`: reading the log, identity, properties, scores, history, CRM outbox and the commit.
 * Then re-scoring through time: the clock jumps 8 days ahead, so every contact is due (windows emptied, "days
 * since" crossed), and the processor's time steps re-score them all.
 */
export async function runProcessingBench(options: BenchOptions): Promise<BenchmarkReport> {
  const shape: LogShape = options.quick
    ? { users: 5_000, companies: 250, events: 50_000, spanMs: 6 * DAY_MS }
    : { users: 10_000, companies: 500, events: 200_000, spanMs: 6 * DAY_MS }
  const runCount = options.quick ? 1 : 3
  const dir = createTempDir('processing')
  try {
    const template = join(dir.path, 'template.db')
    const nowMs = Date.now()
    const store = openSqliteStore({ path: template, durableFsync: false })
    options.log(`processing: pre-filling the log (${shape.users} users, ${shape.events} events)`)
    const events = await prefillLog(store, shape, nowMs)
    await store.close()

    const runs: ProcessingRun[] = []
    let lastPath = template
    for (let index = 0; index < runCount; index++) {
      lastPath = join(dir.path, `run-${index}.db`)
      copyDatabase(template, lastPath)
      const run = await processUntilIdle(lastPath, Date.now)
      options.log(`processing: run ${index + 1}: ${Math.round(run.eventsPerSecond)} events/s`)
      runs.push(run)
    }
    options.log('processing: re-scoring every contact through time (clock +8 days)')
    const rescore = await processUntilIdle(lastPath, () => Date.now() + 8 * DAY_MS)
    const rescored = rescore.stats.contactsScored + rescore.stats.companiesScored
    const rescoredPerSecond = rescored / rescore.seconds
    const eventsPerSecond = median(runs.map((run) => run.eventsPerSecond))
    return {
      name: 'processing',
      rows: [
        targetRow(
          {
            benchmark: 'processing',
            measure: 'events → properties and scores',
            value: round(eventsPerSecond),
            unit: 'events/s',
            note: `median of ${runCount}; ${events} events, ${shape.users} contacts, ${shape.companies} companies`,
          },
          { atLeast: 30_000 },
          '≥ 30,000',
        ),
        {
          benchmark: 'processing',
          measure: 're-score through time (due entities)',
          value: round(rescoredPerSecond),
          unit: 'entities/s',
          note: `${rescore.stats.contactsScored} contacts + ${rescore.stats.companiesScored} companies in ${round(rescore.seconds, 2)} s`,
        },
        {
          benchmark: 'processing',
          measure: 'peak memory (RSS) while processing',
          value: Math.max(...runs.map((run) => run.peakRssMb)),
          unit: 'MB',
          note: 'the bench process, store included',
        },
      ],
      details: { shape, eventsInLog: events, runs, rescore: { ...rescore, rescoredPerSecond } },
    }
  } finally {
    dir.remove()
  }
}
