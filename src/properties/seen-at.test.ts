import { describe, expect, it } from 'vitest'
import { addSeen, countsIn, dropSeenBefore, mergeSeen, nextSeenChange, readSeen, writeSeen } from './seen-at.ts'
import { type TimeWindow, windowRange } from './time-window.ts'

const at = Date.parse
const lastMonth: TimeWindow = {
  kind: 'calendar',
  unit: 'month',
  zone: 'Europe/Paris',
  periodsBack: 1,
  withCurrent: false,
  yearStartMonth: 1,
}
const week: TimeWindow = { kind: 'rolling', ms: 7 * 86_400_000 }

const jan15 = at('2026-01-15T12:00:00+01:00')
const jan20 = at('2026-01-20T12:00:00+01:00')
const feb3 = at('2026-02-03T12:00:00+01:00')
const feb10 = at('2026-02-10T12:00:00+01:00')

describe('the times a window needs of a thing seen several times', () => {
  it('keeps only the latest time for a window with the current period', () => {
    expect(addSeen(week, addSeen(week, undefined, feb3), jan15)).toBe(feb3)
  })

  it('keeps, for last_month, the latest time of an earlier month too', () => {
    const seen = [jan15, jan20, feb3].reduce<ReturnType<typeof addSeen> | undefined>(
      (s, t) => addSeen(lastMonth, s, t),
      undefined,
    )
    expect(seen).toEqual([feb3, jan20])
  })

  it('still counts in last_month what was seen in January and again this month', () => {
    const seen = addSeen(lastMonth, addSeen(lastMonth, undefined, jan15), feb3)
    expect(countsIn(windowRange(lastMonth, feb10), seen)).toBe(true)
    expect(nextSeenChange(lastMonth, seen, feb10)).toBe(at('2026-03-01T00:00:00+01:00'))
  })

  it('merges two histories into the latest time and the latest one of an earlier month', () => {
    const a = addSeen(lastMonth, addSeen(lastMonth, undefined, jan15), at('2026-03-05T12:00:00+01:00'))
    expect(mergeSeen(lastMonth, a, feb10)).toEqual([at('2026-03-05T12:00:00+01:00'), feb10])
  })

  it('drops the times before a window’s start', () => {
    expect(dropSeenBefore([feb3, jan15], at('2026-02-01T00:00:00+01:00'))).toBe(feb3)
    expect(dropSeenBefore(jan15, at('2026-02-01T00:00:00+01:00'))).toBeUndefined()
  })

  it('is kept in a record of times under the name and name:earlier', () => {
    const record: Record<string, number> = {}
    writeSeen(record, 'active', [feb3, jan15])
    expect(record).toEqual({ active: feb3, 'active:earlier': jan15 })
    expect(readSeen(record, 'active')).toEqual([feb3, jan15])
    writeSeen(record, 'active', feb10)
    expect(record).toEqual({ active: feb10 })
  })
})
