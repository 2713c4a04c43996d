import { describe, expect, it } from 'vitest'
import type { ModelProblemAt } from './model-problem.ts'
import { type ModelCalendar, parseWindow, windowSignature } from './parse-window.ts'

const paris: ModelCalendar = { zone: 'Europe/Paris', fiscalYearStartMonth: 4 }
const read = (text: string) => parseWindow(text, paris, [], [])
const calendar = (unit: string, periodsBack: number, withCurrent: boolean, yearStartMonth = 1) => ({
  kind: 'calendar',
  unit,
  zone: 'Europe/Paris',
  periodsBack,
  withCurrent,
  yearStartMonth,
})

describe('window texts', () => {
  it('reads rolling durations and all time', () => {
    expect(read('7d')).toEqual({ kind: 'rolling', ms: 7 * 86_400_000 })
    expect(parseWindow(undefined, paris, [], [])).toEqual({ kind: 'all' })
  })

  it('reads the current calendar period', () => {
    expect(read('today')).toEqual(calendar('day', 0, true))
    expect(read('this_quarter')).toEqual(calendar('quarter', 0, true))
  })

  it('reads the period before the current one', () => {
    expect(read('yesterday')).toEqual(calendar('day', 1, false))
    expect(read('last_week')).toEqual(calendar('week', 1, false))
    expect(read('last_month')).toEqual(calendar('month', 1, false))
    expect(read('last_year')).toEqual(calendar('year', 1, false))
  })

  it('reads several whole periods back, with or without the current one', () => {
    expect(read('last_3_months')).toEqual(calendar('month', 3, false))
    expect(read('last_14_days')).toEqual(calendar('day', 14, false))
    expect(read('this_and_last_month')).toEqual(calendar('month', 1, true))
    expect(read('this_and_last_2_quarters')).toEqual(calendar('quarter', 2, true))
  })

  it('starts fiscal quarters and years in the model’s fiscal month', () => {
    expect(read('this_fiscal_year')).toEqual(calendar('year', 0, true, 4))
    expect(read('last_fiscal_quarter')).toEqual(calendar('quarter', 1, false, 4))
    expect(read('last_2_fiscal_years')).toEqual(calendar('year', 2, false, 4))
  })

  it('refuses names that are not windows', () => {
    for (const text of ['last_fortnight', 'last week', 'this_day', 'last_day', 'last_1_months', 'last_3_month']) {
      const problems: ModelProblemAt[] = []
      expect(parseWindow(text, paris, ['w'], problems)).toEqual({ kind: 'all' })
      expect(problems).toEqual([{ path: ['w'], message: expect.stringContaining(`"${text}" is not a window`) }])
    }
  })

  it('puts the fiscal year’s first month in the signature of fiscal windows only', () => {
    expect(windowSignature('last_fiscal_quarter', paris)).toEqual({ fiscal_year_start: 4 })
    expect(windowSignature('last_quarter', paris)).toEqual({})
    expect(windowSignature(undefined, paris)).toEqual({})
  })
})
