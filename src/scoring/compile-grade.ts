import { ownValue } from '../data-record.ts'
import type { CompiledExpression } from './expression.ts'
import type { CompiledGrade, GradeBand } from './grade-score.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { ScoreSpec } from './model-schema.ts'

type Path = readonly (string | number)[]
type Range = readonly [number, number]

/** The tie-break's range when `rank_range` is absent: 0–100 for a normalised score, else the score's [min, max]. */
const defaultRange = (spec: ScoreSpec): Range | undefined =>
  spec.normalize !== undefined
    ? [0, 100]
    : spec.min !== undefined && spec.max !== undefined
      ? [spec.min, spec.max]
      : undefined

/**
 * A grid's within-grade score (`bands`, `rank_by`, `rank_range`); undefined without `bands`. Every grade the grid can
 * give needs a band; `rank_range` is one range, or one per grade.
 */
export function compileGrade(
  spec: ScoreSpec,
  /** Compiles an expression of the score (its names checked), reporting problems at `path`. */
  compile: (source: string, path: Path) => CompiledExpression | undefined,
  path: Path,
  problems: ModelProblemAt[],
): CompiledGrade | undefined {
  const grid = spec.grid
  if (grid === undefined) return undefined
  const gridPath = [...path, 'grid']
  if (grid.bands === undefined) {
    for (const key of ['rank_by', 'rank_range'] as const) {
      if (grid[key] !== undefined)
        problems.push({ path: [...gridPath, key], message: `"${key}" needs "bands"`, atKey: true })
    }
    return undefined
  }
  for (const fit of Object.keys(grid.fit)) {
    for (const engagement of Object.keys(grid.engagement)) {
      // Joined tier names can spell a name every object has (`to` + `String`): own keys only.
      const cell = `${fit}${engagement}`
      const grade = (grid.cells === undefined ? undefined : ownValue(grid.cells, cell)) ?? cell
      if (ownValue(grid.bands, grade) === undefined) {
        problems.push({
          path: [...gridPath, 'bands'],
          message: `grade "${grade}" (cell ${cell}) has no band`,
        })
      }
    }
  }
  const declared = grid.rank_range
  if (declared === undefined && defaultRange(spec) === undefined) {
    problems.push({
      path: gridPath,
      message:
        'give "rank_range": the range the tie-break is placed in (or normalize the score, or give its min and max)',
    })
  }
  const bands: Record<string, GradeBand> = {}
  for (const [grade, band] of Object.entries(grid.bands)) {
    if (band[0] > band[1])
      problems.push({ path: [...gridPath, 'bands', grade], message: 'a band [low, high] needs low ≤ high' })
    const rangePath = Array.isArray(declared) ? [...gridPath, 'rank_range'] : [...gridPath, 'rank_range', grade]
    const rankRange = Array.isArray(declared) ? declared : (declared?.[grade] ?? defaultRange(spec))
    if (rankRange === undefined && declared !== undefined) {
      problems.push({ path: [...gridPath, 'rank_range'], message: `grade "${grade}" has no rank_range` })
    } else if (rankRange !== undefined && rankRange[0] >= rankRange[1]) {
      problems.push({ path: rangePath, message: 'rank_range [low, high] needs low < high' })
    }
    bands[grade] = { band, rankRange: rankRange ?? [0, 100] }
  }
  const rankBy = grid.rank_by === undefined ? undefined : compile(grid.rank_by, [...gridPath, 'rank_by'])
  return { bands, rankBy }
}
