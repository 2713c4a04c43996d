import { computeValues, type EntityState } from '../properties/entity-state.ts'
import type { PropertyValue } from '../properties/property-value.ts'
import type { TimedList } from '../properties/timed-list.ts'
import type { CompiledBecame } from './compiled-model.ts'

/** A became rule's state, kept among the subject's trigger states under the rule's `stateKey`. */
export interface BecameState {
  /** Whether the condition held at `checkedAtMs` (so it re-arms when it stops holding, as `on_drop_below`). */
  holding: boolean
  /** The instant up to which the condition has been followed. */
  checkedAtMs: number
  /** The instants it became true that still count, with their points. */
  rises: TimedList
}

/** At most this many instants are looked at in one evaluation; past them, the rest of the span is seen at its end. */
const MAX_STEPS = 5000

const truthy = (value: unknown) =>
  value !== undefined && value !== null && value !== false && value !== 0 && value !== ''

const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b))

function readState(stored: unknown): BecameState | undefined {
  const s = stored as Partial<BecameState> | undefined
  if (typeof s?.holding !== 'boolean' || typeof s.checkedAtMs !== 'number' || !Array.isArray(s.rises)) return undefined
  return { holding: s.holding, checkedAtMs: s.checkedAtMs, rises: s.rises.map(([t, p]) => [t, p]) }
}

/**
 * Follows a condition through time over (fromMs, toMs]: it is looked at on every instant one of the properties it
 * reads changes (an event's own time, one leaving a window, a day passing), and at `toMs`. Returns the instants it
 * turned true and whether it holds at `toMs`. `holdingAtFrom` undefined: whatever holds at `fromMs` is taken as
 * already holding, not as turning true. A company's values (for a contact) are the ones of now throughout.
 */
function risesBetween(
  rule: Pick<CompiledBecame, 'when' | 'reads'>,
  state: EntityState,
  companyValues: Record<string, PropertyValue>,
  fromMs: number,
  toMs: number,
  holdingAtFrom: boolean | undefined,
): { rises: number[]; holding: boolean } {
  const look = (atMs: number) => {
    const { values, nextChangeAtMs } = computeValues(rule.reads, state, atMs)
    const holds = truthy(rule.when.evaluate((ref) => (ref.scope === 'company' ? companyValues : values)[ref.name]))
    return { holds, next: nextChangeAtMs }
  }
  const start = look(fromMs)
  let holding = holdingAtFrom ?? start.holds
  let next = start.next
  const rises: number[] = []
  for (let steps = 0; ; steps++) {
    const atMs = next !== null && next < toMs && steps < MAX_STEPS ? next : toMs
    const seen = look(atMs)
    if (seen.holds && !holding) rises.push(atMs)
    holding = seen.holds
    if (atMs === toMs) return { rises, holding }
    next = seen.next
  }
}

/** Adds the instants it became true (in its `active` window) to the ones kept: only the first ever with `once`. */
function addRises(rule: CompiledBecame, kept: TimedList, rises: readonly number[]): TimedList {
  const list = kept
  for (const atMs of rises) {
    if (rule.activeFromMs !== undefined && atMs < rule.activeFromMs) continue
    if (rule.activeToMs !== undefined && atMs >= rule.activeToMs) continue
    if (rule.once && list.length > 0) break
    list.push([atMs, rule.points])
  }
  return list
}

/** Points that never change with age are summed into the first instant, so the state stays one entry. */
function summed(list: TimedList, nowMs: number): TimedList {
  const past = list.filter(([t]) => t <= nowMs)
  const first = past[0]
  if (first === undefined || past.length === 1) return list
  const total = past.reduce((sum, [, points]) => sum + points, 0)
  return [[first[0], total], ...list.filter(([t]) => t > nowMs)]
}

/**
 * MadKudu's aggregated events: follows each became rule's condition from its last evaluation to `nowMs` (on its
 * first, from `lookbackMs` ago), records each instant it turned true as an occurrence, and gives the rule's points
 * now (decayed from those instants) as hidden values of the subject, with the next instant they change.
 */
export function evaluateBecame(
  rules: readonly CompiledBecame[],
  previous: Readonly<Record<string, unknown>>,
  state: EntityState,
  companyValues: Record<string, PropertyValue>,
  nowMs: number,
): { states: Record<string, BecameState>; values: Record<string, PropertyValue>; nextChangeAtMs: number | null } {
  const states: Record<string, BecameState> = {}
  const values: Record<string, PropertyValue> = {}
  let next: number | null = null
  for (const rule of rules) {
    const before = readState(previous[rule.stateKey])
    let holding = before?.holding ?? false
    let rises: TimedList = before?.rises ?? []
    const fromMs = before?.checkedAtMs ?? nowMs - rule.lookbackMs
    // Evaluated before the instant already followed to (an `explain` of the past): nothing new to follow. At that
    // very instant, it is looked at again: events of the same millisecond may have come since.
    if (before === undefined || nowMs >= fromMs) {
      const followed = risesBetween(rule, state, companyValues, fromMs, nowMs, before?.holding)
      holding = followed.holding
      rises = addRises(rule, rises, followed.rises)
    }
    const occurrences = rule.occurrences.compact({ points: rises }, nowMs)
    const points = rule.summable ? summed(occurrences.points, nowMs) : occurrences.points
    states[rule.stateKey] = { holding, checkedAtMs: Math.max(fromMs, nowMs), rises: points }
    values[rule.property] = rule.occurrences.value({ points }, nowMs)
    next = earliest(next, rule.occurrences.nextChangeAt({ points }, nowMs))
  }
  return { states, values, nextChangeAtMs: next }
}

/**
 * The earliest instant the subject's became rules will read values at: compaction must keep what those values
 * need (the properties their conditions read would otherwise drop events still in a window then).
 */
export function becameReadsFrom(rules: readonly CompiledBecame[]) {
  return (triggers: Readonly<Record<string, { checkedAtMs?: number }>>, nowMs: number): number => {
    let from = nowMs
    for (const rule of rules) from = Math.min(from, triggers[rule.stateKey]?.checkedAtMs ?? nowMs - rule.lookbackMs)
    return from
  }
}
