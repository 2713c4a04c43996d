import type { FetchLike } from './fetch-like.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface HubspotRequest {
  method: HttpMethod
  /** Path and query, starting with `/`, e.g. `/crm/v3/objects/contacts/batch/upsert`. */
  path: string
  /** Sent as JSON when given. */
  body?: unknown
}

/** What came back from one call: an HTTP answer (any status), or no answer at all. */
export type CallResult =
  | { kind: 'answer'; status: number; headers: { get(name: string): string | null }; body: unknown }
  | { kind: 'timeout'; message: string }
  | { kind: 'network'; message: string }

export interface HubspotClientOptions {
  /** `https://api.hubapi.com` or the simulator's URL. */
  baseUrl: string
  /** Private-app token, sent as `Authorization: Bearer …`. */
  accessToken: string
  fetch: FetchLike
  /** How long one call may take before it is abandoned. Default 15,000 ms. */
  timeoutMs?: number
}

export interface HubspotClient {
  /** Makes one call. Never throws for HTTP or network failures: they are values. `signal` aborts it (stop). */
  call(request: HubspotRequest, signal?: AbortSignal): Promise<CallResult>
}

const DEFAULT_TIMEOUT_MS = 15_000

/** A thin HubSpot HTTP client over an injected `fetch`: bearer auth, JSON both ways, a timeout per call. */
export function createHubspotClient(options: HubspotClientOptions): HubspotClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.accessToken}`,
    accept: 'application/json',
  }
  return {
    async call(request, signal) {
      const controller = new AbortController()
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        controller.abort()
      }, timeoutMs)
      const onAbort = () => controller.abort()
      signal?.addEventListener('abort', onAbort, { once: true })
      try {
        const response = await options.fetch(`${baseUrl}${request.path}`, {
          method: request.method,
          headers: request.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
          signal: controller.signal,
        })
        const text = await response.text()
        return { kind: 'answer', status: response.status, headers: response.headers, body: parseJson(text) }
      } catch (error) {
        if (timedOut) return { kind: 'timeout', message: `no answer within ${timeoutMs} ms` }
        return { kind: 'network', message: (error as Error).message ?? String(error) }
      } finally {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      }
    },
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
