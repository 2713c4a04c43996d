import { type CalendarPeriod, periodStartMs } from './calendar-period.ts'

/**
 * Whole calendar periods: from the start of the period `periodsBack` before the current one, up to the start of
 * the current one — or up to now `withCurrent`. `this_month` is 0 back with the current one, `last_month` 1 back
 * without it, `this_and_last_3_months` 3 back with it.
 */
export interface CalendarWindow extends CalendarPeriod {
  kind: 'calendar'
  periodsBack: number
  withCurrent: boolean
}

/**
 * Which instants count at `now`: a rolling window `(now − W, now]`, whole calendar periods in a time zone
 * (`[start of last month, start of this month)`, `[start of this week, now]`), or all time.
 */
export type TimeWindow = { kind: 'all' } | { kind: 'rolling'; ms: number } | CalendarWindow

export const ALL_TIME: TimeWindow = { kind: 'all' }

/** The instants that count at `nowMs`: `fromMs ≤ t < untilMs`. Compute it once to test many instants. */
export function windowRange(window: TimeWindow, nowMs: number): { fromMs: number; untilMs: number } {
  switch (window.kind) {
    case 'all':
      return { fromMs: Number.NEGATIVE_INFINITY, untilMs: nowMs + 1 }
    case 'rolling':
      return { fromMs: nowMs - window.ms + 1, untilMs: nowMs + 1 }
    case 'calendar':
      return {
        fromMs: periodStartMs(window, nowMs, -window.periodsBack),
        untilMs: window.withCurrent ? nowMs + 1 : periodStartMs(window, nowMs, 0),
      }
  }
}

/**
 * When an instant counts: from `fromMs` (the instant itself, or for a window without the current period the start
 * of the next period) until `untilMs` (exclusive; null: for ever). Both only grow with the instant.
 */
export function countingSpan(window: TimeWindow, timeMs: number): { fromMs: number; untilMs: number | null } {
  switch (window.kind) {
    case 'all':
      return { fromMs: timeMs, untilMs: null }
    case 'rolling':
      return { fromMs: timeMs, untilMs: timeMs + window.ms }
    case 'calendar':
      return {
        fromMs: window.withCurrent ? timeMs : periodStartMs(window, timeMs, 1),
        untilMs: periodStartMs(window, timeMs, window.periodsBack + 1),
      }
  }
}

/** The next instant after `nowMs` at which an instant starts or stops counting; null if never. */
export function nextCountChange(window: TimeWindow, timeMs: number, nowMs: number): number | null {
  const span = countingSpan(window, timeMs)
  if (nowMs < span.fromMs) return span.fromMs
  return span.untilMs !== null && nowMs < span.untilMs ? span.untilMs : null
}

/** Whether an instant counts at `nowMs`; instants after now never do (yet). */
export function inWindow(window: TimeWindow, timeMs: number, nowMs: number): boolean {
  const { fromMs, untilMs } = windowRange(window, nowMs)
  return timeMs >= fromMs && timeMs < untilMs
}

/** Instants before this can never count again from `nowMs` on: they can be dropped from state. */
export function expiredBefore(window: TimeWindow, nowMs: number): number {
  return windowRange(window, nowMs).fromMs
}
