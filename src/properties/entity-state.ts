import { dataRecord, ownValue, setOwn } from '../data-record.ts'
import type { Event } from '../events/event.ts'
import type { EntityModel } from './compiled-property.ts'
import type { PropertyValue } from './property-value.ts'
import { addSeen, countsIn, latestSeen, mergeSeen, nextSeenChange, readSeen, writeSeen } from './seen-at.ts'
import { windowRange } from './time-window.ts'

/** The incremental state of a contact or company: what is needed to know every property's value at any time. */
export interface EntityState {
  /** Per property, that property kind's state. */
  props: Record<string, unknown>
  /** Contacts: per company `active_users` property, the last time this contact had a matching event. */
  activity: Record<string, number>
  /**
   * Companies: per member contact, its contribution: `activity` times and roll-up values, by company property.
   * Keyed by contact ids, which come from data (a userId may be `__proto__`): read and written through `setMember`.
   */
  members: Record<string, Record<string, number>>
  /** Per trigger: when it last fired and whether its condition held at the last evaluation. */
  triggers: Record<string, TriggerRecord>
}

/**
 * A trigger's state: when it last fired, whether its condition held at the last evaluation. A `became` rule (an
 * internal trigger, re-armed when its condition stops holding) also keeps the instant it followed its condition to
 * and the instants it became true, with their points.
 */
export interface TriggerRecord {
  firedAtMs?: number
  holding: boolean
  checkedAtMs?: number
  rises?: [timeMs: number, points: number][]
}

export function emptyEntityState(): EntityState {
  return { props: {}, activity: {}, members: dataRecord(), triggers: {} }
}

/** Reads a stored state, tolerating states written before a property existed. */
export function toEntityState(stored: unknown): EntityState {
  const s = (stored ?? {}) as Partial<EntityState>
  return {
    props: s.props ?? {},
    activity: s.activity ?? {},
    members: s.members ?? dataRecord(),
    triggers: s.triggers ?? {},
  }
}

/** Folds one event into the state: its own event properties, traits and (contacts) activity. Mutates `state`. */
export function applyEvent(model: EntityModel, state: EntityState, event: Event): void {
  const hasTraits = event.type === model.traitsFrom
  for (const property of model.properties) {
    if (property.source !== 'events' && property.source !== 'traits') continue
    if (property.source === 'events' ? property.matches(event) : hasTraits) {
      const current = state.props[property.name] ?? property.kind.initial()
      state.props[property.name] = property.kind.apply(current, event)
    }
  }
  for (const property of model.activity) {
    if (property.matches(event)) {
      const seen = addSeen(property.window, readSeen(state.activity, property.name), event.timestampMs)
      writeSeen(state.activity, property.name, seen)
    }
  }
}

/** Whether two member shares (or activity records) hold the same numbers under the same keys. */
export const sameShare = (a: Record<string, number> | undefined, b: Record<string, number>): boolean => {
  if (a === undefined) return false
  const keys = Object.keys(b)
  return keys.length === Object.keys(a).length && keys.every((key) => a[key] === b[key])
}

/** Companies: records a member's contribution (or its leaving, with `undefined`). Returns whether anything changed. */
export function setMember(
  state: EntityState,
  contactId: string,
  activity: Record<string, number> | undefined,
): boolean {
  if (activity === undefined) {
    if (!Object.hasOwn(state.members, contactId)) return false
    delete state.members[contactId]
    return true
  }
  if (sameShare(ownValue(state.members, contactId), activity)) return false
  setOwn(state.members, contactId, { ...activity })
  return true
}

export interface EntityValues {
  values: Record<string, PropertyValue>
  /** The first instant after now at which a value changes with no new event; null if never. */
  nextChangeAtMs: number | null
}

const earliest = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b)

/** Every property's value at `nowMs`, in declaration order. */
export function computeValues(model: EntityModel, state: EntityState, nowMs: number): EntityValues {
  const values: Record<string, PropertyValue> = {}
  let next: number | null = null
  for (const property of model.properties) {
    switch (property.source) {
      case 'events':
      case 'traits': {
        const s = state.props[property.name] ?? property.kind.initial()
        values[property.name] = property.kind.value(s, nowMs)
        next = earliest(next, property.kind.nextChangeAt(s, nowMs))
        break
      }
      case 'ratio': {
        const n = values[property.numerator]
        const d = values[property.denominator]
        values[property.name] =
          typeof n === 'number' && typeof d === 'number' && d !== 0 ? Math.round((n / d) * 10_000) / 10_000 : null
        break
      }
      case 'rollup': {
        const contributions = Object.values(state.members)
          .map((member) => member[property.name])
          .filter((value): value is number => value !== undefined)
        values[property.name] = rollupValue(property.fn, contributions)
        break
      }
      case 'active_users': {
        let count = 0
        const range = windowRange(property.window, nowMs)
        for (const member of Object.values(state.members)) {
          const seen = readSeen(member, property.name)
          // Seen before the window starts: it can never count again.
          if (seen === undefined || latestSeen(seen) < range.fromMs) continue
          if (countsIn(range, seen)) count++
          next = earliest(next, nextSeenChange(property.window, seen, nowMs))
        }
        values[property.name] = count
        break
      }
    }
  }
  return { values, nextChangeAtMs: next }
}

function rollupValue(fn: 'count' | 'sum' | 'max' | 'min' | 'avg', values: number[]): PropertyValue {
  switch (fn) {
    case 'count':
      return values.filter((v) => v !== 0).length
    case 'sum':
      return values.reduce((a, b) => a + b, 0)
    case 'max':
      return values.length === 0 ? null : Math.max(...values)
    case 'min':
      return values.length === 0 ? null : Math.min(...values)
    case 'avg':
      return values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100
  }
}

/** Drops what can no longer affect any value from `nowMs` (or the model's `keepsValuesFrom`) on. Mutates `state`. */
export function compactState(model: EntityModel, state: EntityState, nowMs: number): void {
  const fromMs = Math.min(nowMs, model.keepsValuesFrom?.(state.triggers, nowMs) ?? nowMs)
  for (const property of model.properties) {
    if ((property.source === 'events' || property.source === 'traits') && state.props[property.name] !== undefined) {
      state.props[property.name] = property.kind.compact(state.props[property.name], fromMs)
    }
  }
}

/** The state of one person known under two ids (anonymous, then identified): `from` folded into `into`. */
export function mergeEntityStates(model: EntityModel, into: EntityState, from: EntityState): EntityState {
  const merged = emptyEntityState()
  for (const property of model.properties) {
    if (property.source !== 'events' && property.source !== 'traits') continue
    const a = into.props[property.name]
    const b = from.props[property.name]
    if (a !== undefined && b !== undefined) merged.props[property.name] = property.kind.merge(a, b)
    else if (a !== undefined || b !== undefined) merged.props[property.name] = a ?? b
  }
  for (const source of [from.activity, into.activity]) {
    for (const [name, time] of Object.entries(source)) {
      merged.activity[name] = Math.max(merged.activity[name] ?? time, time)
    }
  }
  // An earlier time (`last_month` and the like) is the latest before the merged latest's period, not the maximum.
  for (const property of model.activity) {
    const a = readSeen(into.activity, property.name)
    const b = readSeen(from.activity, property.name)
    if (a !== undefined && b !== undefined) writeSeen(merged.activity, property.name, mergeSeen(property.window, a, b))
  }
  // Spread defines own keys (`__proto__` included), unlike assignment.
  merged.members = { ...from.members, ...into.members }
  merged.triggers = { ...from.triggers, ...into.triggers }
  return merged
}
