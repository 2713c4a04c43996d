import { join } from 'node:path'
import { type BenchmarkReport, type BenchOptions, type ResultRow, targetRow } from './bench-report.ts'
import { startChild } from './child-process.ts'
import { buildBatchBodies, type LoadRun, type LoadShape, runLoad } from './ingest-load.ts'
import { benchWriteKey } from './segment-traffic.ts'
import { median, round } from './stats.ts'
import { createTempDir } from './temp-dir.ts'

interface Variant {
  name: string
  measure: string
  script: string
  env: (dataDir: string) => Record<string, string>
  /** Whether it stores events (then every acknowledged event must be in the log). */
  stores: boolean
  target: boolean
}

const variants: readonly Variant[] = [
  {
    name: 'bare-fastify',
    measure: 'bare Fastify, parse only (ceiling)',
    script: 'bare-fastify.ts',
    env: () => ({}),
    stores: false,
    target: false,
  },
  {
    name: 'upscore-ingest',
    measure: 'upscore ingest, durable (WAL commit before 200)',
    script: 'ingest-only.ts',
    env: (dataDir) => ({ BENCH_DATA_DIR: dataDir, BENCH_FSYNC: '0' }),
    stores: true,
    target: true,
  },
  {
    name: 'upscore-ingest-fsync',
    measure: 'upscore ingest, durableFsync (fsync per commit)',
    script: 'ingest-only.ts',
    env: (dataDir) => ({ BENCH_DATA_DIR: dataDir, BENCH_FSYNC: '1' }),
    stores: true,
    target: true,
  },
  {
    name: 'upscore-serve',
    measure: 'upscore serve, processor running too',
    script: 'upscore-service.ts',
    env: (dataDir) => ({
      UPSCORE_PORT: '0',
      UPSCORE_DATA_DIR: dataDir,
      UPSCORE_WRITE_KEYS: benchWriteKey,
      UPSCORE_ADMIN_TOKEN: 'bench-admin',
      UPSCORE_DURABLE_FSYNC: '0',
      HUBSPOT_ACCESS_TOKEN: '',
    }),
    stores: true,
    target: false,
  },
]

const bareVariant = variants[0] as Variant
const serveVariant = variants[3] as Variant

/** The plain server of issue 11: Fastify + better-sqlite3, one committed transaction per request. */
const plainVariant: Variant = {
  name: 'plain-sqlite',
  measure: 'plain Fastify + SQLite, a commit per request (baseline)',
  script: 'plain-sqlite.ts',
  env: (dataDir) => ({ BENCH_DATA_DIR: dataDir }),
  stores: true,
  target: false,
}

/** Traffic as production sends it: tens of thousands of distinct users, identify and group mixed in. */
const realisticTraffic = { users: 50_000, companies: 2_000, bodies: 500 }

interface VariantResult {
  name: string
  runs: LoadRun[]
  eventsPerSecond: number
  acknowledgedEvents: number
  storedEvents: number | undefined
  /** upscore serve: events the processor had not applied when the load stopped, and how long it took to catch up. */
  processorBacklog?: { events: number; catchUpSeconds: number }
}

async function measureVariant(
  variant: Variant,
  bodies: readonly string[],
  shape: LoadShape,
  runCount: number,
  warmUpSeconds: number,
): Promise<VariantResult> {
  const dir = createTempDir(variant.name)
  const child = await startChild(variant.script, variant.env(join(dir.path, 'data')))
  try {
    const warmUp = await runLoad(child.url, bodies, { ...shape, durationSeconds: warmUpSeconds })
    const runs: LoadRun[] = []
    for (let index = 0; index < runCount; index++) runs.push(await runLoad(child.url, bodies, shape))
    const acknowledgedEvents =
      [warmUp, ...runs].reduce((sum, run) => sum + run.acknowledgedRequests, 0) * shape.eventsPerRequest
    const storedEvents = variant.stores ? await child.call<number>('storedEvents') : undefined
    const result: VariantResult = {
      name: variant.name,
      runs,
      eventsPerSecond: median(runs.map((run) => run.eventsPerSecond)),
      acknowledgedEvents,
      storedEvents,
    }
    if (variant.script === 'upscore-service.ts') {
      const stoppedAt = performance.now()
      const backlog = await child.call<number>('backlog')
      await child.call('idle')
      result.processorBacklog = {
        events: backlog,
        catchUpSeconds: (performance.now() - stoppedAt) / 1000,
      }
    }
    return result
  } finally {
    await child.stop()
    dir.remove()
  }
}

function rowOf(
  variant: Variant,
  result: VariantResult,
  ceiling: number,
  shape: LoadShape,
  runCount: number,
): ResultRow {
  const lost =
    result.storedEvents !== undefined && result.storedEvents < result.acknowledgedEvents
      ? `; ${result.acknowledgedEvents - result.storedEvents} ACKNOWLEDGED EVENTS MISSING`
      : ''
  const backlog =
    result.processorBacklog === undefined
      ? ''
      : `; processor ${result.processorBacklog.events} events behind at the end, caught up in ${round(result.processorBacklog.catchUpSeconds, 1)} s`
  const failed = result.runs.reduce((sum, run) => sum + run.failedRequests, 0)
  const failures = failed > 0 ? `; ${failed} REQUESTS FAILED` : ''
  const p99 = median(result.runs.map((run) => run.latencyP99Ms))
  const base = {
    benchmark: 'ingest',
    measure: variant.measure,
    value: round(result.eventsPerSecond),
    unit: 'events/s',
    note: `${round((100 * result.eventsPerSecond) / ceiling)} % of ceiling; request p99 ${p99} ms; median of ${runCount} × ${shape.durationSeconds} s${backlog}${failures}${lost}`,
  }
  return variant.target ? targetRow(base, { atLeast: 50_000 }, '≥ 50,000') : base
}

/** The realistic-traffic rows: the baseline, and upscore serve as a share of it with its request p99. */
function realisticRows(results: Record<string, VariantResult>, shape: LoadShape, runCount: number): ResultRow[] {
  const bare = results[bareVariant.name]
  const plain = results[plainVariant.name]
  const serve = results[serveVariant.name]
  if (bare === undefined || plain === undefined || serve === undefined) return []
  const p99 = (result: VariantResult) => median(result.runs.map((run) => run.latencyP99Ms))
  const context = `${realisticTraffic.users} users, ${shape.connections} connections, median of ${runCount} × ${shape.durationSeconds} s`
  const lost = (result: VariantResult) =>
    result.storedEvents !== undefined && result.storedEvents < result.acknowledgedEvents
      ? `; ${result.acknowledgedEvents - result.storedEvents} ACKNOWLEDGED EVENTS MISSING`
      : ''
  const backlog = serve.processorBacklog
  return [
    {
      benchmark: 'ingest',
      measure: 'realistic traffic: bare Fastify (ceiling)',
      value: round(bare.eventsPerSecond),
      unit: 'events/s',
      note: `request p99 ${p99(bare)} ms; ${context}`,
    },
    {
      benchmark: 'ingest',
      measure: plainVariant.measure,
      value: round(plain.eventsPerSecond),
      unit: 'events/s',
      note: `request p99 ${p99(plain)} ms; ${round((100 * plain.eventsPerSecond) / bare.eventsPerSecond)} % of ceiling${lost(plain)}`,
    },
    targetRow(
      {
        benchmark: 'ingest',
        measure: 'realistic traffic: upscore serve ÷ plain baseline',
        value: round(serve.eventsPerSecond / plain.eventsPerSecond, 2),
        unit: '×',
        note: `${round(serve.eventsPerSecond)} events/s${backlog === undefined ? '' : `; processor ${backlog.events} events behind at the end, caught up in ${round(backlog.catchUpSeconds, 1)} s`}${lost(serve)}`,
      },
      { atLeast: 1 },
      '≥ 1.00',
    ),
    targetRow(
      {
        benchmark: 'ingest',
        measure: 'realistic traffic: upscore serve request p99',
        value: p99(serve),
        unit: 'ms',
        note: `p50 ${median(serve.runs.map((run) => run.latencyP50Ms))} ms`,
      },
      { atMost: 100 },
      '≤ 100',
    ),
  ]
}

/**
 * Ingest throughput over HTTP: batches of 100 events (the usual mix, ~26 KB per body, every messageId unique)
 * posted to `/v1/batch` by autocannon over 10 keep-alive connections, against each server in its own child process.
 * A warm-up run, then timed runs; the median counts. Every variant that stores must hold every acknowledged event.
 */
export async function runIngestBench(options: BenchOptions): Promise<BenchmarkReport> {
  const shape: LoadShape = { connections: 10, eventsPerRequest: 100, durationSeconds: options.quick ? 3 : 5 }
  const runCount = options.quick ? 1 : 3
  const warmUpSeconds = options.quick ? 2 : 3
  const bodies = buildBatchBodies({ users: 10_000, companies: 500 }, shape.eventsPerRequest, 20, Date.now())
  const results: VariantResult[] = []
  for (const variant of variants) {
    options.log(`ingest: ${variant.name}`)
    const result = await measureVariant(variant, bodies, shape, runCount, warmUpSeconds)
    options.log(`ingest: ${variant.name}: ${Math.round(result.eventsPerSecond)} events/s`)
    results.push(result)
  }
  const ceiling = results[0]?.eventsPerSecond ?? Number.NaN

  // Issue 11: the same servers under production-like traffic, measured back to back so the ratio holds.
  const realisticShape: LoadShape = { ...shape, connections: 32 }
  const realisticBodies = buildBatchBodies(
    { users: realisticTraffic.users, companies: realisticTraffic.companies },
    realisticShape.eventsPerRequest,
    realisticTraffic.bodies,
    Date.now(),
  )
  const realistic: Record<string, VariantResult> = {}
  for (const variant of [bareVariant, plainVariant, serveVariant]) {
    options.log(`ingest: realistic traffic: ${variant.name}`)
    realistic[variant.name] = await measureVariant(variant, realisticBodies, realisticShape, runCount, warmUpSeconds)
    options.log(
      `ingest: realistic traffic: ${variant.name}: ${Math.round(realistic[variant.name]?.eventsPerSecond ?? 0)} events/s`,
    )
  }
  return {
    name: 'ingest',
    rows: [
      ...variants.flatMap((variant, index) => {
        const result = results[index]
        return result === undefined ? [] : [rowOf(variant, result, ceiling, shape, runCount)]
      }),
      ...realisticRows(realistic, realisticShape, runCount),
    ],
    details: {
      shape,
      runCount,
      warmUpSeconds,
      bodyBytes: Math.round(bodies.reduce((sum, body) => sum + body.length, 0) / bodies.length),
      results,
      realistic: { shape: realisticShape, traffic: realisticTraffic, results: realistic },
    },
  }
}
