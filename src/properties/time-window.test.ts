import { describe, expect, it } from 'vitest'
import type { CalendarUnit } from './calendar-period.ts'
import { countingSpan, expiredBefore, inWindow, nextCountChange, type TimeWindow, windowRange } from './time-window.ts'

const at = Date.parse
const paris = (unit: CalendarUnit, periodsBack: number, withCurrent: boolean, yearStartMonth = 1): TimeWindow => ({
  kind: 'calendar',
  unit,
  zone: 'Europe/Paris',
  periodsBack,
  withCurrent,
  yearStartMonth,
})

const lastMonth = paris('month', 1, false)

describe('last_month', () => {
  const event = at('2026-03-15T12:00:00+01:00')
  const april = at('2026-04-01T00:00:00+02:00')
  const may = at('2026-05-01T00:00:00+02:00')

  it('does not hold an event of the current month', () => {
    expect(inWindow(lastMonth, event, at('2026-03-20T12:00:00+01:00'))).toBe(false)
  })

  it('takes the event in at the first local instant of the next month, and lets it go a month later', () => {
    expect(inWindow(lastMonth, event, april - 1)).toBe(false)
    expect(inWindow(lastMonth, event, april)).toBe(true)
    expect(inWindow(lastMonth, event, may - 1)).toBe(true)
    expect(inWindow(lastMonth, event, may)).toBe(false)
    expect(countingSpan(lastMonth, event)).toEqual({ fromMs: april, untilMs: may })
  })

  it('schedules the event’s next change: entering, then leaving, then none', () => {
    expect(nextCountChange(lastMonth, event, event)).toBe(april)
    expect(nextCountChange(lastMonth, event, april)).toBe(may)
    expect(nextCountChange(lastMonth, event, may)).toBeNull()
  })

  it('keeps the events of last month and this month, and drops older ones', () => {
    expect(expiredBefore(lastMonth, at('2026-04-10T12:00:00+02:00'))).toBe(at('2026-03-01T00:00:00+01:00'))
  })
})

describe('several whole periods', () => {
  it('holds the three whole months before the current one in last_3_months', () => {
    const now = at('2026-04-10T12:00:00+02:00')
    expect(windowRange(paris('month', 3, false), now)).toEqual({
      fromMs: at('2026-01-01T00:00:00+01:00'),
      untilMs: at('2026-04-01T00:00:00+02:00'),
    })
  })

  it('lets an event stay in last_3_months for three months after its own', () => {
    expect(countingSpan(paris('month', 3, false), at('2026-01-20T12:00:00+01:00'))).toEqual({
      fromMs: at('2026-02-01T00:00:00+01:00'),
      untilMs: at('2026-05-01T00:00:00+02:00'),
    })
  })

  it('holds an event of the current month at once in this_and_last_month, until the month after next', () => {
    const window = paris('month', 1, true)
    const event = at('2026-03-15T12:00:00+01:00')
    expect(inWindow(window, event, event)).toBe(true)
    expect(inWindow(window, event - 1, event)).toBe(true)
    expect(countingSpan(window, event)).toEqual({ fromMs: event, untilMs: at('2026-05-01T00:00:00+02:00') })
    expect(windowRange(window, event).fromMs).toBe(at('2026-02-01T00:00:00+01:00'))
  })

  it('does not hold an instant after now, even with the current period', () => {
    const window = paris('month', 1, true)
    const now = at('2026-03-15T12:00:00+01:00')
    expect(inWindow(window, now + 1, now)).toBe(false)
    expect(nextCountChange(window, now + 1, now)).toBe(now + 1)
  })
})

describe('yesterday across a DST change', () => {
  const yesterday = paris('day', 1, false)

  it('is the 23 hours of the spring-forward day', () => {
    expect(windowRange(yesterday, at('2026-03-30T10:00:00+02:00'))).toEqual({
      fromMs: at('2026-03-29T00:00:00+01:00'),
      untilMs: at('2026-03-30T00:00:00+02:00'),
    })
  })

  it('is the 25 hours of the fall-back day', () => {
    const { fromMs, untilMs } = windowRange(yesterday, at('2026-10-26T10:00:00+01:00'))
    expect(fromMs).toBe(at('2026-10-25T00:00:00+02:00'))
    expect(untilMs - fromMs).toBe(25 * 3_600_000)
  })

  it('takes an evening event in at local midnight, not UTC midnight', () => {
    const event = at('2026-03-29T23:30:00+02:00')
    expect(countingSpan(yesterday, event)).toEqual({
      fromMs: at('2026-03-30T00:00:00+02:00'),
      untilMs: at('2026-03-31T00:00:00+02:00'),
    })
  })
})

describe('fiscal periods with a year starting in April', () => {
  it('holds April to March in last_fiscal_year', () => {
    expect(windowRange(paris('year', 1, false, 4), at('2026-05-01T12:00:00+02:00'))).toEqual({
      fromMs: at('2025-04-01T00:00:00+02:00'),
      untilMs: at('2026-04-01T00:00:00+02:00'),
    })
  })

  it('moves an event of March into last_fiscal_year on 1 April', () => {
    const window = paris('year', 1, false, 4)
    const event = at('2026-03-31T20:00:00+02:00')
    expect(nextCountChange(window, event, event)).toBe(at('2026-04-01T00:00:00+02:00'))
  })

  it('holds the fiscal quarter so far in this_fiscal_quarter', () => {
    const now = at('2026-06-30T12:00:00+02:00')
    expect(windowRange(paris('quarter', 0, true, 4), now)).toEqual({
      fromMs: at('2026-04-01T00:00:00+02:00'),
      untilMs: now + 1,
    })
  })
})

describe('rolling windows and all time', () => {
  it('holds (now − W, now] and lets an instant go W after it', () => {
    const week: TimeWindow = { kind: 'rolling', ms: 7 * 86_400_000 }
    const now = at('2026-03-15T12:00:00Z')
    expect(inWindow(week, now - 7 * 86_400_000, now)).toBe(false)
    expect(inWindow(week, now - 7 * 86_400_000 + 1, now)).toBe(true)
    expect(nextCountChange(week, now - 86_400_000, now)).toBe(now + 6 * 86_400_000)
    expect(expiredBefore(week, now)).toBe(now - 7 * 86_400_000 + 1)
  })

  it('never lets an instant go from all time', () => {
    expect(nextCountChange({ kind: 'all' }, 0, 10)).toBeNull()
    expect(inWindow({ kind: 'all' }, 0, 10)).toBe(true)
  })
})
