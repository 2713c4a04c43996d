import type { Event } from '../events/event.ts'
import { DAY_MS, type PropertyKind } from './property-kind.ts'

/** The first and last times an event happened. */
export interface Occurrences {
  first?: number
  last?: number
}

const occur = (state: Occurrences, event: Event): Occurrences => ({
  first: state.first === undefined ? event.timestampMs : Math.min(state.first, event.timestampMs),
  last: state.last === undefined ? event.timestampMs : Math.max(state.last, event.timestampMs),
})

const mergeOccurrences = (a: Occurrences, b: Occurrences): Occurrences => {
  const first = [a.first, b.first].filter((t) => t !== undefined)
  const last = [a.last, b.last].filter((t) => t !== undefined)
  return {
    ...(first.length > 0 ? { first: Math.min(...first) } : {}),
    ...(last.length > 0 ? { last: Math.max(...last) } : {}),
  }
}

const occurrenceBase = {
  initial: (): Occurrences => ({}),
  apply: occur,
  compact: (state: Occurrences) => state,
  merge: mergeOccurrences,
}

/** `ever`: whether the event ever happened. `first` / `last`: when it first or last did. */
export function milestoneKind(value: 'ever' | 'first' | 'last'): PropertyKind<Occurrences> {
  if (value === 'ever') {
    return { ...occurrenceBase, crmType: 'bool', value: (s) => s.first !== undefined, nextChangeAt: () => null }
  }
  return {
    ...occurrenceBase,
    crmType: 'datetime',
    value: (s) => {
      const at = value === 'first' ? s.first : s.last
      return at === undefined ? null : new Date(at).toISOString()
    },
    nextChangeAt: () => null,
  }
}

/** Whole days (rounded down) since the first or last time the event happened; absent if it never did. */
export function daysSinceKind(of: 'first' | 'last'): PropertyKind<Occurrences> {
  const since = (s: Occurrences) => (of === 'first' ? s.first : s.last)
  return {
    ...occurrenceBase,
    crmType: 'number',
    value: (s, nowMs) => {
      const at = since(s)
      return at === undefined ? null : Math.floor(Math.max(0, nowMs - at) / DAY_MS)
    },
    nextChangeAt: (s, nowMs) => {
      const at = since(s)
      if (at === undefined) return null
      if (at > nowMs) return at
      return at + (Math.floor((nowMs - at) / DAY_MS) + 1) * DAY_MS
    },
  }
}
