import { ownValue } from '../data-record.ts'
import type { Event } from './event.ts'

/** Reads a (possibly nested, `a.b`) property of an event: only what the event sent, nothing a plain object inherits. */
export function propertyAt(event: Event, path: string): unknown {
  let value: unknown = event.properties
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = ownValue(value as Record<string, unknown>, part)
  }
  return value
}

/** An event property as a number (numeric strings included); null when it is none. */
export function numberAt(event: Event, path: string): number | null {
  const value = propertyAt(event, path)
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN
  return Number.isFinite(n) ? n : null
}
