/**
 * An RFC 3339 / ISO-8601 date-time, as clients send it: `YYYY-MM-DD`, then optionally `T` (or `t` or a space)
 * `hh:mm`, optional `:ss` and a fraction of up to nine digits, and an optional offset `Z`, `±hh:mm` or `±hhmm`.
 */
const isoTime =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/**
 * Epoch ms of an ISO-8601 date-time (see `isoTime`), NaN for any other text. Stricter than `Date.parse`, which also
 * reads `March 7` or `1` (as 2001), rolls 30 February over into March, and reads a time without an offset in the
 * server's own zone: here a time without an offset is UTC, and a date that does not exist is no time.
 */
export function parseIsoTimeMs(text: string): number {
  const match = isoTime.exec(text)
  if (match === null) return Number.NaN
  const numberAt = (group: number) => Number(match[group] ?? 0)
  const year = numberAt(1)
  const month = numberAt(2)
  const day = numberAt(3)
  const hour = numberAt(4)
  const minute = numberAt(5)
  const second = numberAt(6)
  const offsetHours = numberAt(10)
  const offsetMinutes = numberAt(11)
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  if (!valid) return Number.NaN
  const milliseconds = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3))
  const date = new Date(0)
  // Not Date.UTC: it takes years 0 to 99 as 1900 to 1999.
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, milliseconds)
  const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000
  return date.getTime() - (match[9] === '-' ? -offsetMs : offsetMs)
}
