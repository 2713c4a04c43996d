import type { Event } from '../events/event.ts'
import type { PropertyKind } from './property-kind.ts'

interface Latest {
  isMember?: boolean
  atMs?: number
}

/** `true` (or "true"), a list holding `entry`, or `entry` itself; anything else, null included, is not a member. */
function isMemberBy(raw: unknown, entry: string): boolean {
  if (raw === true || raw === 'true') return true
  if (Array.isArray(raw)) return raw.some((item) => item === entry)
  return raw === entry
}

/**
 * Membership of a static segment from the latest value of a trait (`identify` for contacts, `group` for companies),
 * by event time. Only the answer is kept, not the list, so a long list of memberships costs nothing per subject.
 */
export function segmentTraitKind(trait: string, entry: string): PropertyKind<Latest> {
  const newer = (a: Latest, atMs: number) => a.atMs === undefined || atMs >= a.atMs
  return {
    crmType: 'bool',
    initial: () => ({}),
    apply: (state, event: Event) => {
      if (!Object.hasOwn(event.traits, trait) || !newer(state, event.timestampMs)) return state
      return { isMember: isMemberBy(event.traits[trait], entry), atMs: event.timestampMs }
    },
    value: (state) => state.isMember ?? false,
    nextChangeAt: () => null,
    compact: (state) => state,
    merge: (a, b) => (b.atMs !== undefined && newer(a, b.atMs) ? b : a),
  }
}
