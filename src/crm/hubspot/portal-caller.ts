import type { CallResult, HubspotClient, HubspotRequest } from './hubspot-client.ts'
import { describeHubspotError, type HubspotError, parseHubspotError } from './hubspot-error.ts'
import { readRateLimitHeaders, readRetryAfterMs } from './rate-limit-headers.ts'
import type { RateLimiter } from './rate-limiter.ts'

/** A HubSpot answer sorted by what the sync does next. 429s never come out: they are waited out inside. */
export type Answer =
  /** 2xx, 207 included: read the body. */
  | { kind: 'ok'; status: number; body: unknown }
  /** HubSpot refused the request itself (400, 404, 409, 413, …): retrying it unchanged would fail again. */
  | { kind: 'refused'; status: number; error: HubspotError }
  /** 5xx, 408, a timeout, a network error, or a refused token: retry later with back-off. */
  | { kind: 'transient'; status: number | undefined; reason: string; retryAfterMs: number | undefined; isAuth: boolean }
  /** The sync was stopped while waiting. */
  | { kind: 'stopped' }

/** What one call looked like, for health and metrics. */
export interface CallRecord {
  label: string
  status: number | 'timeout' | 'network'
  durationMs: number
}

export interface PortalCallerOptions {
  client: HubspotClient
  limiter: RateLimiter
  now: () => number
  /** Waits; resolves early (and `signal` is aborted) when the sync stops. */
  pause: (ms: number) => Promise<void>
  /** The current stop signal (a restarted sync has a new one). */
  signal: () => AbortSignal
  log: (line: string) => void
  onCall: (record: CallRecord) => void
}

export interface PortalCaller {
  /** One call within the portal's budgets; a 429 pauses and repeats it without spending a retry. */
  call(request: HubspotRequest, label: string): Promise<Answer>
}

/** Turns raw calls into answers the sync acts on, keeping every call inside the rate limiter. */
export function createPortalCaller(options: PortalCallerOptions): PortalCaller {
  const { client, limiter, now, pause, log, onCall } = options

  const waitForBudget = async (): Promise<boolean> => {
    for (let wait = limiter.waitMs(); wait > 0; wait = limiter.waitMs()) {
      if (options.signal().aborted) return false
      await pause(wait)
    }
    return !options.signal().aborted
  }

  const once = async (request: HubspotRequest, label: string): Promise<CallResult> => {
    const ticket = limiter.begin()
    const startedAtMs = now()
    // Not aborted when the sync stops: a call already sent may still land at HubSpot, so a stop waits for its answer
    // (at most the request timeout). What comes after a stop — a GDPR deletion, a new model's properties — then
    // never races a write of the stopped sync.
    const result = await client.call(request)
    limiter.end(ticket, result.kind === 'answer' ? readRateLimitHeaders(result.headers) : undefined)
    onCall({ label, status: result.kind === 'answer' ? result.status : result.kind, durationMs: now() - startedAtMs })
    return result
  }

  return {
    async call(request, label) {
      for (;;) {
        if (!(await waitForBudget())) return { kind: 'stopped' }
        const result = await once(request, label)
        if (options.signal().aborted) return { kind: 'stopped' }
        if (result.kind !== 'answer') {
          log(`HubSpot ${label}: ${result.kind === 'timeout' ? 'timed out' : 'network error'}: ${result.message}`)
          return {
            kind: 'transient',
            status: undefined,
            reason: `${result.kind}: ${result.message}`,
            retryAfterMs: undefined,
            isAuth: false,
          }
        }
        const { status, body, headers } = result
        if (status >= 200 && status < 300) return { kind: 'ok', status, body }
        const error = parseHubspotError(body)
        const described = describeHubspotError(error, status)
        if (status === 429) {
          limiter.throttled(error.policyName, readRetryAfterMs(headers, now()))
          log(`HubSpot ${label}: rate limited, pausing: ${described}`)
          continue
        }
        log(`HubSpot ${label}: ${described}`)
        const retryAfterMs = readRetryAfterMs(headers, now())
        if (status === 401 || status === 403) {
          return { kind: 'transient', status, reason: described, retryAfterMs, isAuth: true }
        }
        if (status >= 500 || status === 408 || status === 423) {
          return { kind: 'transient', status, reason: described, retryAfterMs, isAuth: false }
        }
        return { kind: 'refused', status, error }
      }
    },
  }
}
