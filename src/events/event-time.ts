import { parseIsoTimeMs } from './parse-iso-time.ts'

/**
 * The earliest event time upscore takes (2000-01-01T00:00:00Z), after the correction for clock skew. No product
 * event scored here happened before; an earlier time is a client's zero date (`0001-01-01`, `1970-01-01`) or a
 * broken clock, and taken as is it would count as ever having happened while sitting outside every window.
 */
export const earliestEventTimeMs = Date.UTC(2000, 0, 1)

/**
 * Reads a time field of a message: an ISO-8601 string (`parseIsoTimeMs`; without an offset, UTC). `undefined` when
 * the field is absent or null, `NaN` when it is present but not such a time (numbers included).
 */
export function readTimeMs(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') return Number.NaN
  return parseIsoTimeMs(value)
}

/**
 * The event time as Segment computes it: the client's clock is trusted for durations only, so with a `sentAt` the
 * event happened `sentAt − timestamp` before the server received it. Without a timestamp, the time it was received.
 * A time still after `receivedAtMs` becomes `receivedAtMs`.
 */
export function correctEventTimeMs(
  timestampMs: number | undefined,
  sentAtMs: number | undefined,
  receivedAtMs: number,
): number {
  if (timestampMs === undefined) return receivedAtMs
  const corrected = sentAtMs === undefined ? timestampMs : receivedAtMs - (sentAtMs - timestampMs)
  return Math.min(corrected, receivedAtMs)
}
