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
}

/** What changed a score: an event, time passing, or a model change. */
export type ScoreCause = 'event' | 'time' | 'model'
