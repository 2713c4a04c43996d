import type { Event } from '../src/events/event.ts'
import type { Store } from '../src/storage/store.ts'

let counter = 0

/**
 * Appends events to the log as ingest would, each a `track` at `atMs` unless its fields say otherwise, with a
 * fresh messageId. For tests that drive the processor without HTTP.
 */
export async function appendTestEvents(store: Store, atMs: number, events: readonly Partial<Event>[]): Promise<void> {
  await store.appendEvents(
    events.map((fields) => ({
      source: 'test',
      event: {
        type: 'track',
        messageId: `test-${counter++}`,
        properties: {},
        traits: {},
        timestampMs: atMs,
        receivedAtMs: atMs,
        ...fields,
      } as Event,
    })),
  )
}
