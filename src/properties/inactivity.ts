import type { Event } from '../events/event.ts'
import { type AdjustedOccurrences, clearBefore } from './adjustment.ts'

/**
 * A Pardot/Marketo-style inactivity set, on the aggregate: `afterMs` after the latest activity of a group (or
 * score), its event points are set to a small number, so "was active once" stays distinct from "never active".
 */
export interface Inactivity {
  afterMs: number
  /** Whether an event is activity of the group (or score). */
  isActivity: (event: Event) => boolean
  /** Only on the rule that holds the set value (the group's `inactivity` rule): the points it is set to. */
  setTo: number | undefined
}

/** When the inactivity set of the latest activity happens; undefined when there was none or it already happened. */
export function inactiveFrom(state: AdjustedOccurrences, inactivity: Inactivity): number | undefined {
  if (state.lastActivityMs === undefined) return undefined
  const atMs = state.lastActivityMs + inactivity.afterMs
  return state.resetAtMs !== undefined && state.resetAtMs >= atMs - 1 ? undefined : atMs
}

/** Applies the inactivity set if it happened by `nowMs`: earlier occurrences stop counting, the holder is set. Mutates. */
export function settleInactivity(state: AdjustedOccurrences, nowMs: number, inactivity: Inactivity): void {
  const atMs = inactiveFrom(state, inactivity)
  if (atMs === undefined || atMs > nowMs) return
  clearBefore(state, atMs, inactivity.setTo !== undefined, inactivity.setTo ?? 0)
}

/** Records an activity. Mutates. */
export function noteActivity(state: AdjustedOccurrences, atMs: number): void {
  state.lastActivityMs = Math.max(state.lastActivityMs ?? atMs, atMs)
}
