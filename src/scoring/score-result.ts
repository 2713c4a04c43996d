import type { PropertyValue } from '../properties/property-value.ts'

/** One rule's share of a score. The `points` of a score's reasons add up to its value. */
export interface Reason {
  rule: string
  points: number
  /** Points the rule gave before its cap, when the cap changed them. */
  uncappedPoints?: number
  /** The property values the rule read. */
  values?: Record<string, PropertyValue>
}

export interface ScoreResult {
  value: number
  label: string | null
  reasons: Reason[]
  /** Per category (fit, engagement), after category caps, when the score's groups have categories. */
  categories?: Record<string, number>
  /** The grid cell (e.g. A1), when the score has a grid. */
  grid?: string | null
  /** The within-grade score (MadKudu's Lead Grade score), when the grid has `bands`; null without a grade. */
  gradeScore?: number | null
  /** The latest events its event rules count now, latest first, when the score lists `recent_signals`. */
  recent?: RecentSignal[]
}

/** One event an event rule counts: the rule, and when the event happened. */
export interface RecentSignal {
  rule: string
  atMs: number
}

/** What changed a score: an event, time passing, a model change, or a member of its company forgotten (`upscore forget`). */
export type ScoreCause = 'event' | 'time' | 'model' | 'forget'
