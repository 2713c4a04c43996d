import type { Event } from '../src/events/event.ts'

let sequence = 0

/** A track event of user `u` at `atMs` (received then too), with a fresh messageId: for tests of the pure core. */
export function trackEvent(event: string, atMs: number, properties: Record<string, unknown> = {}): Event {
  return {
    type: 'track',
    messageId: `test-${sequence++}`,
    userId: 'u',
    event,
    properties,
    traits: {},
    timestampMs: atMs,
    receivedAtMs: atMs,
  }
}
