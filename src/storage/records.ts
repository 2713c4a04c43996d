import type { Event } from '../events/event.ts'
import type { PropertyValue } from '../properties/property-value.ts'
import type { Reason, ScoreCause, ScoreResult } from '../scoring/score-result.ts'

export interface ContactRecord {
  /** Internal id: the userId when known, else `anon:` + anonymousId. */
  id: string
  userId: string | undefined
  email: string | undefined
  companyId: string | undefined
  /** The incremental property state, opaque outside `properties/`. */
  state: unknown
  values: Record<string, PropertyValue>
  scores: Record<string, ScoreResult>
  /** The next instant the values or scores change with no new event, or null. Epoch ms. */
  nextChangeAtMs: number | null
  updatedAtMs: number
}

export interface CompanyRecord {
  /** The `groupId`. */
  id: string
  name: string | undefined
  state: unknown
  values: Record<string, PropertyValue>
  scores: Record<string, ScoreResult>
  nextChangeAtMs: number | null
  updatedAtMs: number
}

export interface HistoryEntry {
  atMs: number
  score: string
  from: number | null
  to: number
  label: string | null
  cause: ScoreCause
  reasons: Reason[]
}

/** An event to append to the log, with the dedupe key of its source. */
export interface NewEvent {
  source: string
  event: Event
}

export type AppendOutcome = 'stored' | 'duplicate'
