import { ownValue } from '../data-record.ts'
import type { CompiledExpression, Lookup } from './expression.ts'

/** One grade's band of grade scores, and the range of the tie-break placed in it. */
export interface GradeBand {
  /** [low, high] of the grade's scores, e.g. A → [90, 100]. */
  band: readonly [number, number]
  /** [low, high] of the tie-break: its low end gives the band's low end, its high end the band's high end. */
  rankRange: readonly [number, number]
}

/** MadKudu's within-grade score: each grade's band, and the tie-break that places a subject inside it. */
export interface CompiledGrade {
  /** By grade (the grid's cell label). */
  bands: Readonly<Record<string, GradeBand>>
  /** The tie-break; undefined: the score's own value. */
  rankBy: CompiledExpression | undefined
}

/**
 * The grade score: `round(bandLow + (bandHigh − bandLow) × clamp((t − rankLow) / (rankHigh − rankLow), 0, 1))` for a
 * tie-break `t`; a tie-break that is not a number counts as `rankLow`. Null when the subject has no grade or its grade
 * has no band.
 */
export function gradeScore(grade: CompiledGrade, cell: string | null | undefined, tieBreak: unknown): number | null {
  // A grade may be a cell's joined tier names, which can spell a name every object has: own keys only.
  const found = cell === null || cell === undefined ? undefined : ownValue(grade.bands, cell)
  if (found === undefined) return null
  const [bandLow, bandHigh] = found.band
  const [rankLow, rankHigh] = found.rankRange
  const t = typeof tieBreak === 'number' && Number.isFinite(tieBreak) ? tieBreak : rankLow
  const position = Math.min(1, Math.max(0, (t - rankLow) / (rankHigh - rankLow)))
  return Math.round(bandLow + (bandHigh - bandLow) * position) + 0
}

/** The grade score of a subject in `cell`, reading its tie-break (the score's `value` unless `rank_by` says). */
export function gradeScoreOf(
  grade: CompiledGrade,
  cell: string | null | undefined,
  lookup: Lookup,
  value: number,
): number | null {
  return gradeScore(grade, cell, grade.rankBy === undefined ? value : grade.rankBy.evaluate(lookup))
}
