/** Back-off between attempts after failures. */
export interface BackoffPolicy {
  /** The delay after the first failure. */
  baseMs: number
  /** No delay is longer than this, however many failures in a row. */
  capMs: number
}

/** For 5xx, timeouts and network errors: quick at first (a lone 502), patient in an outage. */
export const transientBackoff: BackoffPolicy = { baseMs: 500, capMs: 15_000 }
/** For a refused token or missing scopes: someone has to act, so retry rarely. */
export const authBackoff: BackoffPolicy = { baseMs: 5_000, capMs: 60_000 }

/**
 * Exponential back-off with "equal jitter": half the delay is fixed, half random, so many clients that failed
 * together do not retry together, and no delay falls to zero. `failures` counts the failures in a row (≥ 1).
 * A `Retry-After` given by HubSpot is honoured within the same floor and cap.
 */
export function backoffDelayMs(
  policy: BackoffPolicy,
  failures: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return Math.min(policy.capMs, Math.max(policy.baseMs, retryAfterMs))
  const exponent = Math.max(0, Math.min(30, failures - 1))
  const full = Math.min(policy.capMs, policy.baseMs * 2 ** exponent)
  return full / 2 + (full / 2) * random()
}
