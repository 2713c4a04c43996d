import { periodStartMs } from './calendar-period.ts'
import { nextCountChange, type TimeWindow } from './time-window.ts'

/**
 * When a thing (a distinct value, a user's activity) was seen, as much as a window needs to tell whether it counts
 * from now on: the latest time — and, for a window that leaves the current period out (`last_month`), also the
 * latest time in an earlier period than that one, which keeps counting until the latest enters. One number, or
 * `[latest, earlier]`; windows with the current period only ever write one number.
 *
 * Exact as long as the latest time is not in a period after now's (an event stamped in the future).
 */
export type SeenAt = number | [latestMs: number, earlierMs: number]

function seenTimes(seen: SeenAt): number[] {
  return typeof seen === 'number' ? [seen] : seen
}

export function latestSeen(seen: SeenAt): number {
  return typeof seen === 'number' ? seen : seen[0]
}

/** `seen` with one more time. */
export function addSeen(window: TimeWindow, seen: SeenAt | undefined, timeMs: number): SeenAt {
  if (window.kind !== 'calendar' || window.withCurrent)
    return Math.max(seen === undefined ? timeMs : latestSeen(seen), timeMs)
  const times = seen === undefined ? [timeMs] : [...seenTimes(seen), timeMs]
  const latest = Math.max(...times)
  const periodStart = periodStartMs(window, latest, 0)
  const earlier = times.filter((time) => time < periodStart)
  return earlier.length === 0 ? latest : [latest, Math.max(...earlier)]
}

export function mergeSeen(window: TimeWindow, a: SeenAt, b: SeenAt): SeenAt {
  return seenTimes(b).reduce<SeenAt>((merged, time) => addSeen(window, merged, time), a)
}

/** Whether any of the times counts in a `windowRange`. */
export function countsIn(range: { fromMs: number; untilMs: number }, seen: SeenAt): boolean {
  return seenTimes(seen).some((time) => time >= range.fromMs && time < range.untilMs)
}

/** The next instant after `nowMs` at which one of the times starts or stops counting; null if never. */
export function nextSeenChange(window: TimeWindow, seen: SeenAt, nowMs: number): number | null {
  let next: number | null = null
  for (const time of seenTimes(seen)) {
    const at = nextCountChange(window, time, nowMs)
    if (at !== null && (next === null || at < next)) next = at
  }
  return next
}

/** What is left of `seen` once the times before `fromMs` are dropped; undefined when nothing is. */
export function dropSeenBefore(seen: SeenAt, fromMs: number): SeenAt | undefined {
  if (typeof seen === 'number') return seen >= fromMs ? seen : undefined
  const [latest, earlier] = seen
  if (latest < fromMs) return undefined
  return earlier < fromMs ? latest : seen
}

/**
 * A `SeenAt` kept in a record of times (a contact's `activity`, a company's member): the latest under `name`, the
 * earlier one under `name:earlier` (property names have no `:`).
 */
export function seenKeys(name: string): [latest: string, earlier: string] {
  return [name, `${name}:earlier`]
}

export function readSeen(record: Readonly<Record<string, number>>, name: string): SeenAt | undefined {
  const [latestKey, earlierKey] = seenKeys(name)
  const latest = record[latestKey]
  const earlier = record[earlierKey]
  if (latest === undefined) return undefined
  return earlier === undefined ? latest : [latest, earlier]
}

/** Mutates `record`. */
export function writeSeen(record: Record<string, number>, name: string, seen: SeenAt): void {
  const [latestKey, earlierKey] = seenKeys(name)
  record[latestKey] = latestSeen(seen)
  const earlier = typeof seen === 'number' ? undefined : seen[1]
  if (earlier === undefined) delete record[earlierKey]
  else record[earlierKey] = earlier
}
