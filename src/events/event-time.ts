/**
 * Reads a time field of a message: an ISO-8601 string (anything `Date.parse` reads). `undefined` when the field is
 * absent or null, `NaN` when it is present but not a time.
 */
export function readTimeMs(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') return Number.NaN
  return Date.parse(value)
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
