import type { Event } from '../events/event.ts'
import type { StepChanges } from '../storage/records.ts'

/** At most this many events per history entry: the latest; the earlier ones are only counted. */
export const MAX_HISTORY_EVENTS = 20

/**
 * Notes that the step's event at `position` changed entity `id`. Positions come in log order, so a repeat can only
 * be the last one noted.
 */
export function noteEvent(eventsOf: Map<string, number[]>, id: string, position: number): void {
  const positions = eventsOf.get(id)
  if (positions === undefined) eventsOf.set(id, [position])
  else if (positions[positions.length - 1] !== position) positions.push(position)
}

/** Adds `positions` (in log order, each once) to those of entity `id`, keeping them so. */
export function addEvents(eventsOf: Map<string, number[]>, id: string, positions: readonly number[] | undefined): void {
  if (positions === undefined || positions.length === 0) return
  const own = eventsOf.get(id) ?? []
  eventsOf.set(
    id,
    [...new Set([...own, ...positions])].sort((a, b) => a - b),
  )
}

/**
 * The latest `MAX_HISTORY_EVENTS` of the step's events at `positions` (in log order, each once), as history keeps
 * them, and how many earlier ones are left out.
 */
export function historyEvents(
  events: readonly Event[],
  positions: readonly number[],
): Pick<StepChanges, 'events' | 'eventsOmitted'> {
  const latest = positions.slice(-MAX_HISTORY_EVENTS)
  return {
    events: latest.flatMap((position) => {
      const event = events[position]
      return event === undefined ? [] : [toHistoryEvent(event)]
    }),
    eventsOmitted: positions.length - latest.length,
  }
}

function toHistoryEvent(event: Event): StepChanges['events'][number] {
  return {
    messageId: event.messageId,
    type: event.type,
    ...(event.type === 'track' && event.event !== undefined ? { event: event.event } : {}),
    timestampMs: event.timestampMs,
  }
}
