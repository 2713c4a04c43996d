import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzRuns, fuzzTimeoutMs } from '../../test/fuzz-runs.ts'
import { awkwardJson, awkwardString, edgeTimeTexts } from '../../test/segment-arbitraries.ts'
import { correctEventTimeMs, readTimeMs } from './event-time.ts'

const pad = (value: number, width: number) => String(value).padStart(width, '0')
const anyDate = fc.date({
  min: new Date('0000-01-01T00:00:00Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
  noInvalidDate: true,
})

/** The parts of an ISO-8601 date-time, each a little past its range now and then. */
const isoParts = fc.record({
  year: fc.integer({ min: 0, max: 9999 }),
  month: fc.integer({ min: 0, max: 13 }),
  day: fc.integer({ min: 0, max: 32 }),
  hour: fc.integer({ min: 0, max: 25 }),
  minute: fc.integer({ min: 0, max: 60 }),
  second: fc.integer({ min: 0, max: 61 }),
  fraction: fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 10 }),
  separator: fc.constantFrom('T', 't', ' '),
  offset: fc.oneof(
    fc.constantFrom('', 'Z', 'z'),
    fc
      .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.boolean())
      .map(([sign, hours, minutes, colon]) => `${sign}${pad(hours, 2)}${colon ? ':' : ''}${pad(minutes, 2)}`),
  ),
})

describe('readTimeMs on any input', { timeout: fuzzTimeoutMs(30_000) }, () => {
  it('reads back every instant of years 0000 to 9999 from its ISO text', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        expect(readTimeMs(date.toISOString())).toBe(date.getTime())
      }),
      fuzzRuns(2000),
    )
  })

  it('reads a date-time exactly when each of its parts exists, as UTC plus its offset', () => {
    fc.assert(
      fc.property(isoParts, (parts) => {
        const { year, month, day, hour, minute, second, fraction, separator, offset } = parts
        const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}${separator}${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction === '' ? '' : `.${fraction}`}${offset}`
        const dayExists =
          new Date(
            Date.parse(`${pad(year, 4)}-${pad(month, 2)}-01T00:00:00Z`) + (day - 1) * 86_400_000,
          ).getUTCMonth() ===
          month - 1
        const [offsetHours, offsetMinutes] =
          offset.length > 1 ? [Number(offset.slice(1, 3)), Number(offset.slice(-2))] : [0, 0]
        const valid =
          month >= 1 &&
          month <= 12 &&
          day >= 1 &&
          dayExists &&
          hour <= 23 &&
          minute <= 59 &&
          second <= 59 &&
          fraction.length <= 9 &&
          offsetHours <= 23 &&
          offsetMinutes <= 59
        const utc = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${fraction.padEnd(3, '0').slice(0, 3)}Z`
        const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000 * (offset.startsWith('-') ? -1 : 1)
        expect(readTimeMs(text)).toBe(valid ? Date.parse(utc) - offsetMs : Number.NaN)
      }),
      fuzzRuns(3000),
    )
  })

  it('answers any other value with undefined (absent), NaN (not a time) or a whole number of ms', () => {
    fc.assert(
      fc.property(fc.oneof(awkwardString, awkwardJson, fc.constantFrom(...edgeTimeTexts)), (value) => {
        const ms = readTimeMs(value)
        if (value === undefined || value === null) expect(ms).toBeUndefined()
        else expect(Number.isNaN(ms) || Number.isSafeInteger(ms)).toBe(true)
      }),
      fuzzRuns(2000),
    )
  })
})

describe('correctEventTimeMs on any times', { timeout: fuzzTimeoutMs(30_000) }, () => {
  it('moves the timestamp by the skew sentAt shows, and never past the time received', () => {
    const ms = anyDate.map((date) => date.getTime())
    fc.assert(
      fc.property(ms, fc.option(ms, { nil: undefined }), ms, (timestampMs, sentAtMs, receivedAtMs) => {
        const corrected = correctEventTimeMs(timestampMs, sentAtMs, receivedAtMs)
        const skewMs = sentAtMs === undefined ? 0 : sentAtMs - receivedAtMs
        expect(corrected).toBe(Math.min(timestampMs - skewMs, receivedAtMs))
      }),
      fuzzRuns(2000),
    )
  })
})
