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
})
