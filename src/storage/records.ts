import type { Event, EventType } from '../events/event.ts'
import type { PropertyValue } from '../properties/property-value.ts'
import type { Reason, ScoreCause, ScoreResult } from '../scoring/score-result.ts'
import type { PropertyChange, SegmentChange } from '../scoring/value-changes.ts'

export interface ContactRecord {
  /** Internal id: the userId when known, else `anon:` + anonymousId (see `plan-identities.ts`: they never collide). */
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

/** One change of one score. */
export interface ScoreChange {
  atMs: number
  score: string
  from: number | null
  to: number
  label: string | null
  cause: ScoreCause
  reasons: Reason[]
}

/** An event that led to a score change. */
export interface HistoryEvent {
  messageId: string
  type: EventType
  /** The track name, for a `track`. */
  event?: string
  timestampMs: number
}

/** What the processing step behind a score change changed for its contact or company. */
export interface StepChanges {
  /** The events of the step that changed the entity, in log order: at most the latest 20. */
  events: HistoryEvent[]
  /** How many earlier events of the step `events` leaves out. */
  eventsOmitted: number
  /** The entity's properties whose value moved in the step. */
  propertyChanges: PropertyChange[]
  /** The segments the entity entered or left in the step. */
  segments: SegmentChange[]
}

/**
 * A score change as history answers it, with its delta and what its step changed (empty for changes recorded before
 * upscore kept that).
 */
export interface HistoryEntry extends ScoreChange, StepChanges {
  /** `to − from`, or `to` for a first score. */
  delta: number
}

/** An event to append to the log, with the dedupe key of its source. */
export interface NewEvent {
  source: string
  event: Event
}

export type AppendOutcome = 'stored' | 'duplicate'
