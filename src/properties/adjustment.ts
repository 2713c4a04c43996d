import type { Occurrences } from './occurrence-points-kind.ts'
import { addTimed, type TimedList } from './timed-list.ts'

/** How an adjustment changes running points: Mautic's operators (REST, forms, campaigns) and HubSpot's reset. */
export type AdjustOperator = 'plus' | 'minus' | 'times' | 'divide' | 'set' | 'reset'

export const ADJUST_OPERATORS: readonly AdjustOperator[] = ['plus', 'minus', 'times', 'divide', 'set', 'reset']

/**
 * One adjustment as one event rule of the adjusted group (or score) sees it. `holds` marks the rule that keeps the
 * adjusted points (the target's adjustments): it takes `plus`, `minus` and the value of `set`; every other event
 * rule under the target is only scaled (`times`, `divide`) or cleared (`set`, `reset`).
 */
export interface Adjustment {
  operator: AdjustOperator
  value: number
  holds: boolean
}

/** The state of an event rule that adjustments or an inactivity set reach. */
export interface AdjustedOccurrences extends Occurrences {
  /**
   * The `times` / `divide` adjustments since the last clear, as [time, factor]: an occurrence stamped before one of
   * them that arrives after it is scaled too, so the order of arrival does not matter.
   */
  scales?: TimedList
  /** The latest activity of the group (or score) seen, for an inactivity set. */
  lastActivityMs?: number
}

/** The product of the factors of the `times` / `divide` adjustments stamped after `timeMs`. */
export function factorAfter(state: AdjustedOccurrences, timeMs: number): number {
  let factor = 1
  for (const [atMs, by] of state.scales ?? []) if (atMs > timeMs) factor *= by
  return factor
}

/**
 * Occurrences stamped before `atMs` stop counting (a `set`, a `reset`, an inactivity set); a holder also drops what
 * it held at `atMs` and takes `base` points there. Nothing changes when a later clear already happened. Mutates.
 */
export function clearBefore(state: AdjustedOccurrences, atMs: number, holds: boolean, base: number): void {
  if (state.resetAtMs !== undefined && state.resetAtMs >= atMs) return
  // Occurrences at the same millisecond come after the clear: `resetAtMs` is inclusive.
  state.resetAtMs = atMs - 1
  state.points = state.points.filter(([time]) => (holds ? time > atMs : time >= atMs))
  if (state.scales !== undefined) {
    const scales = state.scales.filter(([time]) => time > atMs)
    if (scales.length > 0) state.scales = scales
    else delete state.scales
  }
  const points = base * factorAfter(state, atMs)
  if (holds && points !== 0) addTimed(state.points, atMs, points)
}

/** Scales the occurrences stamped before `atMs` by `factor`, and remembers it for late ones. Mutates. */
function scaleBefore(state: AdjustedOccurrences, atMs: number, factor: number): void {
  // Before (or at) the last clear there is nothing left to scale.
  if (state.resetAtMs !== undefined && atMs <= state.resetAtMs + 1) return
  for (const entry of state.points) if (entry[0] < atMs) entry[1] *= factor
  const scales = state.scales ?? []
  const same = scales.find(([time]) => time === atMs)
  if (same !== undefined) same[1] *= factor
  else {
    scales.push([atMs, factor])
    scales.sort((a, b) => a[0] - b[0])
  }
  state.scales = scales
}

/** Applies one adjustment stamped `atMs` to a rule's state, as that rule sees it. Mutates. */
export function applyAdjustment(state: AdjustedOccurrences, atMs: number, adjustment: Adjustment): void {
  const { operator, value, holds } = adjustment
  switch (operator) {
    case 'plus':
    case 'minus': {
      if (!holds || (state.resetAtMs !== undefined && atMs <= state.resetAtMs)) return
      const points = (operator === 'plus' ? value : -value) * factorAfter(state, atMs)
      if (points !== 0) addTimed(state.points, atMs, points)
      return
    }
    case 'times':
      scaleBefore(state, atMs, value)
      return
    case 'divide':
      if (value !== 0) scaleBefore(state, atMs, 1 / value)
      return
    case 'set':
      clearBefore(state, atMs, holds, value)
      return
    case 'reset':
      clearBefore(state, atMs, holds, 0)
      return
  }
}
