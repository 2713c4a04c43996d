/** HubSpot's `X-HubSpot-RateLimit-*` headers of one answer; a field is undefined when the header was absent. */
export interface RateLimitReading {
  /** Calls allowed per interval. */
  max: number | undefined
  /** Calls left in the current interval. */
  remaining: number | undefined
  intervalMs: number | undefined
  /** The daily allowance (absent for OAuth apps). */
  daily: number | undefined
  dailyRemaining: number | undefined
}

const numberOf = (headers: { get(name: string): string | null }, name: string): number | undefined => {
  const raw = headers.get(name)
  if (raw === null || raw.trim() === '') return undefined
  const value = Number(raw)
  return Number.isFinite(value) && value >= 0 ? value : undefined
}

/** Reads the rate-limit headers; undefined when the answer carried none. */
export function readRateLimitHeaders(headers: { get(name: string): string | null }): RateLimitReading | undefined {
  const reading: RateLimitReading = {
    max: numberOf(headers, 'x-hubspot-ratelimit-max'),
    remaining: numberOf(headers, 'x-hubspot-ratelimit-remaining'),
    intervalMs: numberOf(headers, 'x-hubspot-ratelimit-interval-milliseconds'),
    daily: numberOf(headers, 'x-hubspot-ratelimit-daily'),
    dailyRemaining: numberOf(headers, 'x-hubspot-ratelimit-daily-remaining'),
  }
  return Object.values(reading).every((value) => value === undefined) ? undefined : reading
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), or undefined. */
export function readRetryAfterMs(headers: { get(name: string): string | null }, nowMs: number): number | undefined {
  const raw = headers.get('retry-after')
  if (raw === null || raw.trim() === '') return undefined
  const seconds = Number(raw)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const at = Date.parse(raw)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}
