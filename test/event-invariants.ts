import { expect } from 'vitest'
import type { Event } from '../src/events/event.ts'
import { earliestEventTimeMs } from '../src/events/event-time.ts'
import { rejectionCodes } from '../src/events/message-rejection.ts'
import { maxMessageIdLength } from '../src/events/segment-limits.ts'
import { eventTypes } from './segment-arbitraries.ts'

const isPlainRecord = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) !== null

const isId = (value: unknown) => typeof value === 'string' && value !== ''

/**
 * What the rest of upscore relies on in an event: a known type, ids as non-empty strings (one of userId and
 * anonymousId at least), the fields of its type, plain objects for properties and traits, and a finite time from
 * 2000 on and never after it was received.
 */
export function expectValidEvent(event: Event, receivedAtMs: number): void {
  expect(eventTypes).toContain(event.type)
  expect(isId(event.messageId) && event.messageId.length <= maxMessageIdLength).toBe(true)
  expect(isId(event.userId) || isId(event.anonymousId)).toBe(true)
  for (const id of [event.userId, event.anonymousId, event.groupId, event.previousId]) {
    expect(id === undefined || isId(id)).toBe(true)
  }
  if (event.type === 'track') expect(isId(event.event)).toBe(true)
  if (event.type === 'group') expect(isId(event.groupId)).toBe(true)
  if (event.type === 'alias') expect(isId(event.previousId)).toBe(true)
  expect(event.name === undefined || typeof event.name === 'string').toBe(true)
  expect(isPlainRecord(event.properties) && isPlainRecord(event.traits)).toBe(true)
  expect(Number.isFinite(event.timestampMs)).toBe(true)
  expect(event.timestampMs).toBeGreaterThanOrEqual(earliestEventTimeMs)
  expect(event.timestampMs).toBeLessThanOrEqual(receivedAtMs)
  expect(event.receivedAtMs).toBe(receivedAtMs)
}

/** A rejection names a code of the closed set and says why in words. */
export function expectRejection(rejection: { code: string; message: string }): void {
  expect(rejectionCodes as readonly string[]).toContain(rejection.code)
  expect(typeof rejection.message === 'string' && rejection.message.length > 0).toBe(true)
}
