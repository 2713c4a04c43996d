import { describe, expect, it } from 'vitest'
import { type CalendarPeriod, periodStartMs } from './calendar-period.ts'

const at = Date.parse
const paris = (unit: CalendarPeriod['unit'], yearStartMonth = 1): CalendarPeriod => ({
  unit,
  zone: 'Europe/Paris',
  yearStartMonth,
})

describe('calendar periods in Europe/Paris', () => {
  it('starts a day at local midnight, and the day of the spring DST change lasts 23 hours', () => {
    const noon = at('2026-03-29T12:00:00+02:00')
    expect(periodStartMs(paris('day'), noon, 0)).toBe(at('2026-03-29T00:00:00+01:00'))
    expect(periodStartMs(paris('day'), noon, 1)).toBe(at('2026-03-30T00:00:00+02:00'))
    expect(periodStartMs(paris('day'), noon, 1) - periodStartMs(paris('day'), noon, 0)).toBe(23 * 3_600_000)
  })

  it('starts a day at local midnight across the autumn DST change', () => {
    expect(periodStartMs(paris('day'), at('2026-10-26T08:00:00+01:00'), -1)).toBe(at('2026-10-25T00:00:00+02:00'))
  })

  it('starts weeks on Monday', () => {
    expect(periodStartMs(paris('week'), at('2026-03-29T12:00:00+02:00'), 0)).toBe(at('2026-03-23T00:00:00+01:00'))
    expect(periodStartMs(paris('week'), at('2026-03-29T12:00:00+02:00'), -1)).toBe(at('2026-03-16T00:00:00+01:00'))
  })

  it('starts months, quarters and years in local time, also in the year before', () => {
    expect(periodStartMs(paris('month'), at('2026-04-15T10:00:00+02:00'), -1)).toBe(at('2026-03-01T00:00:00+01:00'))
    expect(periodStartMs(paris('quarter'), at('2026-11-26T12:00:00+01:00'), 0)).toBe(at('2026-10-01T00:00:00+02:00'))
    expect(periodStartMs(paris('quarter'), at('2026-02-10T12:00:00+01:00'), -1)).toBe(at('2025-10-01T00:00:00+02:00'))
    expect(periodStartMs(paris('year'), at('2026-01-10T12:00:00+01:00'), -1)).toBe(at('2025-01-01T00:00:00+01:00'))
  })

  it('puts an instant just after local midnight in the new month, though it is the old month in UTC', () => {
    expect(periodStartMs(paris('month'), at('2026-04-30T22:30:00Z'), 0)).toBe(at('2026-05-01T00:00:00+02:00'))
  })
})

describe('fiscal periods', () => {
  it('starts a fiscal year in April', () => {
    const april = paris('year', 4)
    expect(periodStartMs(april, at('2026-03-31T23:59:59+02:00'), 0)).toBe(at('2025-04-01T00:00:00+02:00'))
    expect(periodStartMs(april, at('2026-04-01T00:00:00+02:00'), 0)).toBe(at('2026-04-01T00:00:00+02:00'))
    expect(periodStartMs(april, at('2026-03-31T12:00:00+02:00'), -1)).toBe(at('2024-04-01T00:00:00+02:00'))
  })

  it('counts fiscal quarters from the fiscal year’s first month', () => {
    const april = paris('quarter', 4)
    expect(periodStartMs(april, at('2026-03-15T12:00:00+01:00'), 0)).toBe(at('2026-01-01T00:00:00+01:00'))
    expect(periodStartMs(april, at('2026-05-10T12:00:00+02:00'), 0)).toBe(at('2026-04-01T00:00:00+02:00'))
    const november = paris('quarter', 11)
    expect(periodStartMs(november, at('2026-01-20T12:00:00+01:00'), 0)).toBe(at('2025-11-01T00:00:00+01:00'))
    expect(periodStartMs(november, at('2026-02-01T00:00:00+01:00'), 0)).toBe(at('2026-02-01T00:00:00+01:00'))
    expect(periodStartMs(november, at('2026-02-01T00:00:00+01:00'), -1)).toBe(at('2025-11-01T00:00:00+01:00'))
  })
})
