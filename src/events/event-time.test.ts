import { describe, expect, it } from 'vitest'
import { correctEventTimeMs, readTimeMs } from './event-time.ts'

const receivedAtMs = Date.parse('2026-11-26T16:00:00.000Z')

describe('correctEventTimeMs', () => {
  it('corrects a timestamp for the client clock skew using sentAt', () => {
    // The client's clock is 1 h ahead: it sent at 17:00 an event it stamped 16:30, so it happened 30 min ago.
    const timestampMs = Date.parse('2026-11-26T16:30:00.000Z')
    const sentAtMs = Date.parse('2026-11-26T17:00:00.000Z')
    expect(correctEventTimeMs(timestampMs, sentAtMs, receivedAtMs)).toBe(Date.parse('2026-11-26T15:30:00.000Z'))
  })

  it('keeps a timestamp as it is without sentAt', () => {
    const timestampMs = Date.parse('2026-11-20T10:00:00.000Z')
    expect(correctEventTimeMs(timestampMs, undefined, receivedAtMs)).toBe(timestampMs)
  })

  it('uses the time received when there is no timestamp', () => {
    expect(correctEventTimeMs(undefined, receivedAtMs - 5000, receivedAtMs)).toBe(receivedAtMs)
  })

  it('turns a time in the future into the time received', () => {
    expect(correctEventTimeMs(receivedAtMs + 60_000, undefined, receivedAtMs)).toBe(receivedAtMs)
  })

  it('turns a time still in the future after skew correction into the time received', () => {
    // Sent before it happened by the client's own clock: nonsense, and never after the time received.
    expect(correctEventTimeMs(receivedAtMs + 10_000, receivedAtMs, receivedAtMs)).toBe(receivedAtMs)
  })
})

describe('readTimeMs', () => {
  it('reads ISO-8601 times with and without milliseconds or an offset', () => {
    expect(readTimeMs('2026-11-26T16:00:00.000Z')).toBe(receivedAtMs)
    expect(readTimeMs('2026-11-26T16:00:00Z')).toBe(receivedAtMs)
    expect(readTimeMs('2026-11-26T17:00:00+01:00')).toBe(receivedAtMs)
  })

  it('treats an absent or null time as absent', () => {
    expect(readTimeMs(undefined)).toBeUndefined()
    expect(readTimeMs(null)).toBeUndefined()
  })

  it('gives NaN for a value that is not a time', () => {
    expect(readTimeMs('yesterday')).toBeNaN()
    expect(readTimeMs(1_700_000_000_000)).toBeNaN()
  })

  it('reads the RFC 3339 forms clients send: fractions to the nanosecond, lower case, a space, +hhmm, a date alone', () => {
    expect(readTimeMs('2026-11-26T16:00:00.123456+00:00')).toBe(receivedAtMs + 123)
    expect(readTimeMs('2026-11-26T16:00:00.1234567Z')).toBe(receivedAtMs + 123)
    expect(readTimeMs('2026-11-26t16:00:00z')).toBe(receivedAtMs)
    expect(readTimeMs('2026-11-26 16:00:00Z')).toBe(receivedAtMs)
    expect(readTimeMs('2026-11-26T17:30+0130')).toBe(receivedAtMs)
    expect(readTimeMs('2026-11-26')).toBe(Date.UTC(2026, 10, 26))
  })

  it('reads the first and the last instant ISO-8601 years of four digits can say', () => {
    expect(readTimeMs('0001-01-01T00:00:00Z')).toBe(Date.parse('0001-01-01T00:00:00Z'))
    expect(readTimeMs('0000-01-01T00:00:00Z')).toBe(Date.parse('0000-01-01T00:00:00Z'))
    expect(readTimeMs('9999-12-31T23:59:59.999Z')).toBe(Date.parse('9999-12-31T23:59:59.999Z'))
  })

  it('reads a time without an offset as UTC, whatever the zone of the server', () => {
    const zone = process.env.TZ
    process.env.TZ = 'Asia/Tokyo'
    try {
      expect(readTimeMs('2026-11-26T16:00:00')).toBe(receivedAtMs)
      expect(readTimeMs('2026-11-26T16:00:00.000')).toBe(receivedAtMs)
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })

  it.each([
    ['a number as text', '1'],
    ['a month and day', 'March 7'],
    ['a word and a number', 'a 1'],
    ['an HTTP date', 'Tue, 26 Nov 2026 16:00:00 GMT'],
    ['a slashed date', '11/26/2026'],
    ['an expanded year', '+275760-09-13T00:00:00.000Z'],
    ['a negative year', '-000001-01-01T00:00:00Z'],
    ['a 30th of February', '2026-02-30T00:00:00Z'],
    ['a 29th of February in a common year', '2025-02-29'],
    ['a 13th month', '2026-13-01T00:00:00Z'],
    ['hour 24', '2026-11-26T24:00:00Z'],
    ['minute 60', '2026-11-26T16:60:00Z'],
    ['an offset of 25 hours', '2026-11-26T16:00:00+25:00'],
    ['spaces around it', ' 2026-11-26T16:00:00Z'],
  ])('gives NaN for %s, which Date.parse may read but ISO-8601 does not', (_, text) => {
    expect(readTimeMs(text)).toBeNaN()
  })
})
