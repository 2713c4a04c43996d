import type { Parameters } from 'fast-check'

/** The seed of every property-based test in CI, so that a run can be repeated exactly. */
const ciSeed = 20_261_126

/**
 * fast-check settings for a property: `ciRuns` runs on the fixed seed in CI; `UPSCORE_FUZZ_RUNS=N` runs it N times
 * on a fresh seed (printed with any failure), `UPSCORE_FUZZ_SEED=S` repeats a seed. In CI, `ciTimeLimitMs` bounds
 * the run with its shrinking, so that a failure whose runs are slow is reported with the smallest input found by
 * then instead of timing the test out; it is far above a passing run. Tests read the environment here only, as
 * `config.ts` does for the service.
 */
export function fuzzRuns<T>(
  ciRuns: number,
  { ciTimeLimitMs }: { ciTimeLimitMs?: number } = {},
  env: NodeJS.ProcessEnv = process.env,
): Parameters<T> {
  const runs = Number(env.UPSCORE_FUZZ_RUNS)
  const seed = Number(env.UPSCORE_FUZZ_SEED)
  const long = Number.isInteger(runs) && runs > 0
  return {
    numRuns: long ? runs : ciRuns,
    ...(Number.isInteger(seed) ? { seed } : long ? {} : { seed: ciSeed }),
    ...(long || ciTimeLimitMs === undefined ? {} : { interruptAfterTimeLimit: ciTimeLimitMs }),
  }
}

/** Whether the fuzz suites run long (`UPSCORE_FUZZ_RUNS` set): their timeouts grow with it. */
export function fuzzTimeoutMs(ciTimeoutMs: number, env: NodeJS.ProcessEnv = process.env): number {
  const runs = Number(env.UPSCORE_FUZZ_RUNS)
  return Number.isInteger(runs) && runs > 0 ? 24 * 3_600_000 : ciTimeoutMs
}
