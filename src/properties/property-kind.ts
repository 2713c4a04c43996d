import type { Event } from '../events/event.ts'
import type { PropertyValue } from './property-value.ts'

/** How a property is typed in the CRM. */
export type CrmValueType = 'bool' | 'number' | 'string' | 'datetime'

/**
 * One kind of property (milestone, windowed count, days since, …): how its incremental state changes with a
 * matching event, what value it has at an instant, and when that value next changes with no new event.
 * States are plain JSON. `apply` may update the state it is given in place (the caller owns a private copy per
 * processing step: copying a long window list for every event would make a busy contact quadratic); every other
 * method leaves its input untouched.
 */
export interface PropertyKind<State = unknown> {
  crmType: CrmValueType
  initial(): State
  /** Folds one matching event (already filtered by name and `where`) into the state. */
  apply(state: State, event: Event): State
  value(state: State, nowMs: number): PropertyValue
  /** The first instant after `nowMs` at which `value` changes by time alone; null if never. */
  nextChangeAt(state: State, nowMs: number): number | null
  /** Drops what can no longer affect any value from `nowMs` on. */
  compact(state: State, nowMs: number): State
  /** Combines the states of two contacts found to be one person. */
  merge(a: State, b: State): State
  /** Event rules: the instants of the occurrences that count at `nowMs`, oldest first (a score's recent signals). */
  occurrencesAt?(state: State, nowMs: number): number[]
}

export const DAY_MS = 86_400_000
