import type { CalendarUnit } from '../properties/calendar-period.ts'
import { ALL_TIME, type CalendarWindow, type TimeWindow } from '../properties/time-window.ts'
import { parseDurationMs } from './duration.ts'
import type { ModelProblemAt } from './model-problem.ts'

type Path = readonly (string | number)[]

/** What calendar windows are read in: the model's `timezone` and `fiscal_year_start`. */
export interface ModelCalendar {
  /** IANA time zone. Default UTC. */
  zone: string
  /** The first month of the fiscal year, 1–12. Default 1 (January). */
  fiscalYearStartMonth: number
}

const units: Record<string, { unit: CalendarUnit; fiscal: boolean }> = {
  day: { unit: 'day', fiscal: false },
  week: { unit: 'week', fiscal: false },
  month: { unit: 'month', fiscal: false },
  quarter: { unit: 'quarter', fiscal: false },
  year: { unit: 'year', fiscal: false },
  fiscal_quarter: { unit: 'quarter', fiscal: true },
  fiscal_year: { unit: 'year', fiscal: true },
}

const WINDOW_FORMS =
  'a duration (7d, 12h, 30m, 2w), the current period (today, this_week, this_month, this_quarter, this_year, ' +
  'this_fiscal_quarter, this_fiscal_year), whole periods before it (yesterday, last_month, last_3_months, ' +
  'last_fiscal_year) or those and the current one (this_and_last_month, this_and_last_3_months)'

/**
 * `this_U`, `last_U`, `last_N_Us` (N ≥ 2) and `this_and_last_U` / `this_and_last_N_Us`, with `today` and `yesterday`
 * for days (`this_day` and `last_day` are not windows).
 */
function calendarWindow(text: string, calendar: ModelCalendar): CalendarWindow | undefined {
  const make = (name: string, periodsBack: number, withCurrent: boolean): CalendarWindow | undefined => {
    const found = units[name]
    if (found === undefined) return undefined
    const yearStartMonth = found.fiscal ? calendar.fiscalYearStartMonth : 1
    return { kind: 'calendar', unit: found.unit, zone: calendar.zone, yearStartMonth, periodsBack, withCurrent }
  }
  if (text === 'today') return make('day', 0, true)
  if (text === 'yesterday') return make('day', 1, false)
  const last = /^(this_and_)?last_(?:(\d{1,3})_)?([a-z_]+)$/.exec(text)
  if (last !== null) {
    const [, andThis, count, name = ''] = last
    if (count === undefined)
      return name === 'day' && andThis === undefined ? undefined : make(name, 1, andThis !== undefined)
    const periods = Number(count)
    return periods >= 2 && name.endsWith('s') ? make(name.slice(0, -1), periods, andThis !== undefined) : undefined
  }
  const current = /^this_([a-z_]+)$/.exec(text)?.[1]
  return current === undefined || current === 'day' ? undefined : make(current, 0, true)
}

/**
 * A window's text: a rolling duration (`7d`), the current calendar period (`this_month`), whole periods before it
 * (`last_month`, `last_3_months`), or those and the current one (`this_and_last_3_months`), in the model's zone.
 * Fiscal quarters and years start in the model's `fiscal_year_start`. Absent: all time.
 */
export function parseWindow(
  text: string | undefined,
  calendar: ModelCalendar,
  path: Path,
  problems: ModelProblemAt[],
): TimeWindow {
  if (text === undefined) return ALL_TIME
  const periods = calendarWindow(text.trim(), calendar)
  if (periods !== undefined) return periods
  const ms = parseDurationMs(text)
  if (ms === undefined) {
    problems.push({ path, message: `"${text}" is not a window: write ${WINDOW_FORMS}` })
    return ALL_TIME
  }
  return { kind: 'rolling', ms }
}

/**
 * What a window's text leaves to the model, for a property's signature: the fiscal year's first month when it
 * names fiscal periods (then changing it rebuilds the property), nothing otherwise.
 */
export function windowSignature(text: string | undefined, calendar: ModelCalendar): { fiscal_year_start?: number } {
  return text?.includes('fiscal') === true ? { fiscal_year_start: calendar.fiscalYearStartMonth } : {}
}
