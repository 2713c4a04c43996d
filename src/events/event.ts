/** The Segment message types upscore understands. */
export type EventType = 'track' | 'identify' | 'group' | 'page' | 'screen' | 'alias'

/**
 * One product event, normalised from whatever client sent it. Times are epoch milliseconds, already corrected
 * for the client's clock skew and never later than `receivedAtMs`.
 */
export interface Event {
  type: EventType
  messageId: string
  userId?: string
  anonymousId?: string
  /** `track`: the event name, e.g. `Signed In`. */
  event?: string
  /** `page` / `screen`: the page or screen name. */
  name?: string
  /** `track` / `page` / `screen` properties. */
  properties: Record<string, unknown>
  /** `identify` / `group` traits. */
  traits: Record<string, unknown>
  /** `group`: the company (account) id. */
  groupId?: string
  /** `alias`: the id the user had before. */
  previousId?: string
  timestampMs: number
  receivedAtMs: number
}

/** An event as it sits in the log; `source` is the write key's id (dedupe is per source). */
export interface StoredEvent {
  /** The row's id in the log: unique, never reused; not an order (see `position`). */
  seq: number
  /** Where the event is in the log, for reading on after it (`Store.readEvents`). */
  position: string
  source: string
  event: Event
}
