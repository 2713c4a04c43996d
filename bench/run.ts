// `npm run bench` — every benchmark in one run; `npm run bench -- ingest latency` runs only those; `--quick` runs
// smaller sizes and fewer rounds (for a look, not for BENCHMARKS.md). Prints a table; writes bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { BenchmarkReport, BenchOptions, ResultRow } from './bench-report.ts'
import { startCpuAccounting } from './cpu-accounting.ts'
import { runDrainBench } from './drain-bench.ts'
import { runEvaluationBench } from './evaluation-bench.ts'
import { runIngestBench } from './ingest-bench.ts'
import { runLatencyBench } from './latency-bench.ts'
import { readMachineFacts } from './machine-facts.ts'
import { runProcessingBench } from './processing-bench.ts'
import { runRescoreBench } from './rescore-bench.ts'
import { formatResultTable } from './result-table.ts'
import { runSteadyBench } from './steady-bench.ts'

/** Every benchmark, in the order of a full run (the HubSpot ones last: they are the longest). */
const benchmarks: Record<string, (options: BenchOptions) => Promise<BenchmarkReport>> = {
  evaluation: runEvaluationBench,
  processing: runProcessingBench,
  rescore: runRescoreBench,
  ingest: runIngestBench,
  latency: runLatencyBench,
  steady: runSteadyBench,
  drain: runDrainBench,
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { quick: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
})
if (values.help) {
  console.log(`usage: npm run bench -- [--quick] [${Object.keys(benchmarks).join('|')} ...]`)
  process.exit(0)
}
const unknown = positionals.filter((name) => !(name in benchmarks))
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(benchmarks).join(', ')}`)
  process.exit(2)
}
const selected = positionals.length > 0 ? positionals : Object.keys(benchmarks)
const machine = readMachineFacts(new Date())
const startedAt = performance.now()
const log = (line: string) =>
  console.log(`[${((performance.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}`)
log(`upscore benchmarks on ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}`)
log(`running: ${selected.join(', ')}${values.quick ? ' (quick)' : ''}`)

/** Other work on the machine (another engineer's tests) disturbs the results: its CPU time is recorded. */
const cpuSeconds: Record<string, { ownUserCoreSeconds: number; otherUserCoreSeconds: number }> = {}
const reports: BenchmarkReport[] = []
for (const name of selected) {
  const run = benchmarks[name]
  if (run === undefined) continue
  const accounting = startCpuAccounting()
  try {
    reports.push(await run({ quick: values.quick, log }))
  } catch (error) {
    // One failing benchmark must not hide the others' results.
    log(`${name} failed: ${(error as Error).stack ?? String(error)}`)
    const failed: ResultRow = {
      benchmark: name,
      measure: 'failed',
      value: null,
      unit: '',
      note: (error as Error).message,
    }
    reports.push({ name, rows: [failed], details: { error: String(error) } })
  }
  cpuSeconds[name] = accounting.stop()
  log(
    `${name}: other processes used ${cpuSeconds[name]?.otherUserCoreSeconds} core-seconds of CPU (user mode) meanwhile`,
  )
}

const rows = reports.flatMap((report) => report.rows)
const totalSeconds = Math.round((performance.now() - startedAt) / 1000)
console.log(
  `\nupscore benchmarks — ${machine.date.slice(0, 10)} — ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}${values.quick ? ' — QUICK' : ''} — ${totalSeconds} s\n`,
)
console.log(formatResultTable(rows))
console.log(
  `\nCPU (user mode) used by other processes during each benchmark, core-seconds (≈ 0 when the machine was ours): ${Object.entries(
    cpuSeconds,
  )
    .map(([name, cpu]) => `${name} ${cpu.otherUserCoreSeconds}`)
    .join(', ')}`,
)

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url))
mkdirSync(resultsDir, { recursive: true })
const file = `${resultsDir}latest.json`
writeFileSync(
  file,
  `${JSON.stringify({ machine, quick: values.quick, totalSeconds, cpuSeconds, rows, details: Object.fromEntries(reports.map((r) => [r.name, r.details])) }, null, 2)}\n`,
)
console.log(`\nresults: ${file}`)
// Children are gone by now; end even if a stray handle (an HTTP keep-alive socket) would keep the loop alive.
process.exit(rows.some((row) => row.measure === 'failed') ? 1 : 0)
