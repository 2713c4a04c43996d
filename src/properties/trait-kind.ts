import type { Event } from '../events/event.ts'
import type { CrmValueType, PropertyKind } from './property-kind.ts'
import type { PropertyValue } from './property-value.ts'

interface Latest {
  value?: PropertyValue
  atMs?: number
}

function coerce(raw: unknown, type: 'string' | 'number' | 'bool'): PropertyValue {
  if (raw === null || raw === undefined) return null
  if (type === 'number') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN
    return Number.isFinite(n) ? n : null
  }
  if (type === 'bool') {
    if (typeof raw === 'boolean') return raw
    if (raw === 'true' || raw === 1) return true
    if (raw === 'false' || raw === 0) return false
    return null
  }
  return typeof raw === 'string' ? raw : typeof raw === 'object' ? JSON.stringify(raw) : String(raw)
}

/** The latest value of a trait (from `identify` for contacts, `group` for companies), by event time. */
export function traitKind(trait: string, type: 'string' | 'number' | 'bool'): PropertyKind<Latest> {
  const newer = (a: Latest, atMs: number) => a.atMs === undefined || atMs >= a.atMs
  return {
    crmType: type satisfies CrmValueType,
    initial: () => ({}),
    apply: (state, event: Event) => {
      if (!Object.hasOwn(event.traits, trait) || !newer(state, event.timestampMs)) return state
      return { value: coerce(event.traits[trait], type), atMs: event.timestampMs }
    },
    value: (state) => state.value ?? null,
    nextChangeAt: () => null,
    compact: (state) => state,
    merge: (a, b) => (b.atMs !== undefined && newer(a, b.atMs) ? b : a),
  }
}
