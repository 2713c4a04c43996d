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
 * The latest `MAX_HISTORY_EVENTS` of the step's events at positions `a` and `b` together (each in log order, each
 * once), as history keeps them, and how many earlier ones are left out. The latest of the union are among the latest
 * of each list, and the union is counted by looking the shorter list up in the longer: a company's list can be most
 * of a step, and each of its members asks.
 */
export function historyEvents(
  events: readonly Event[],
  a: readonly number[],
  b: readonly number[] = [],
): Pick<StepChanges, 'events' | 'eventsOmitted'> {
  // Steps of time and model changes have no events, and a model change may pass here for every contact.
  if (a.length === 0 && b.length === 0) return { events: [], eventsOmitted: 0 }
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  const shared = short.filter((position) => includesSorted(long, position)).length
  const tails = new Set([...a.slice(-MAX_HISTORY_EVENTS), ...b.slice(-MAX_HISTORY_EVENTS)])
  const latest = [...tails].sort((x, y) => x - y).slice(-MAX_HISTORY_EVENTS)
  return {
    events: latest.flatMap((position) => {
      const event = events[position]
      return event === undefined ? [] : [toHistoryEvent(event)]
    }),
    eventsOmitted: a.length + b.length - shared - latest.length,
  }
}

function includesSorted(sorted: readonly number[], value: number): boolean {
  let low = 0
  let high = sorted.length - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const at = sorted[middle] as number
    if (at === value) return true
    if (at < value) low = middle + 1
    else high = middle - 1
  }
  return false
}

function toHistoryEvent(event: Event): StepChanges['events'][number] {
  return {
    messageId: event.messageId,
    type: event.type,
    ...(event.type === 'track' && event.event !== undefined ? { event: event.event } : {}),
    timestampMs: event.timestampMs,
  }
}
