import { DateTime } from 'luxon'

export type CalendarUnit = 'day' | 'week' | 'month' | 'quarter' | 'year'

/** A kind of calendar period in a time zone. */
export interface CalendarPeriod {
  unit: CalendarUnit
  /** IANA time zone the periods start in, at local midnight. */
  zone: string
  /** The month (1–12) quarters and years start in: 1 for calendar ones, the first month of a fiscal year. */
  yearStartMonth: number
}

const monthsIn = { month: 1, quarter: 3, year: 12 } as const

/**
 * The start of the period that holds `timeMs`, moved `shift` whole periods (−1: the one before, 1: the next).
 * Days and weeks (ISO, from Monday) start at local midnight across a DST change; months, quarters and years are
 * runs of 1, 3 or 12 months counted from `yearStartMonth`.
 */
export function periodStartMs(period: CalendarPeriod, timeMs: number, shift: number): number {
  const local = DateTime.fromMillis(timeMs, { zone: period.zone })
  if (period.unit === 'day' || period.unit === 'week') {
    return local
      .startOf(period.unit)
      .plus({ [`${period.unit}s`]: shift })
      .toMillis()
  }
  const length = monthsIn[period.unit]
  const anchor = period.unit === 'month' ? 0 : period.yearStartMonth - 1
  const month = local.year * 12 + local.month - 1
  const start = month - ((((month - anchor) % length) + length) % length) + shift * length
  const year = Math.floor(start / 12)
  return DateTime.fromObject({ year, month: start - year * 12 + 1, day: 1 }, { zone: period.zone }).toMillis()
}
