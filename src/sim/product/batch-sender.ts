import { UpscoreError } from '../../errors.ts'
import type { SegmentMessage } from './segment-message.ts'
import { toTimestamp } from './segment-message.ts'

/** The part of `fetch` the simulator needs; the global `fetch` of Node 20 fits. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>

/** Segment's limit of messages per `/v1/batch` request. */
export const MAX_BATCH_MESSAGES = 100

/** Longest wait a `Retry-After` may ask for before the next attempt. */
const MAX_RETRY_AFTER_MS = 30_000

export interface BatchSenderOptions {
  /** Base URL of the ingest API, e.g. `http://127.0.0.1:8080`. */
  ingestUrl: string
  /** Sent as the HTTP Basic user name with an empty password. */
  writeKey: string
  fetch: FetchLike
  sleep: (ms: number) => Promise<void>
  /** Clock for `sentAt`, so upscore can correct the timestamps for clock skew as Segment does. */
  now: () => number
  /** Tries per request, the first included. */
  maxAttempts: number
  /** Wait before the first retry; doubles on each further retry. */
  retryDelayMs: number
  /** A request with no answer after this long is abandoned and tried again. */
  requestTimeoutMs: number
}

/** How a send went: the messages the server acknowledged and, when it stopped early, why. */
export interface SendResult {
  sent: number
  failure: UpscoreError | undefined
}

/** Posts messages to `/v1/batch` in order, at most 100 per request. */
export interface BatchSender {
  /**
   * Sends the messages in order, one request after another, retrying transient failures (network errors,
   * timeouts, 408, 429, 5xx) with back-off. Stops at the first request that still fails, or that the server
   * refuses for good (e.g. 401), and says so in `failure`; never rejects.
   */
  send(messages: readonly SegmentMessage[]): Promise<SendResult>
}

export function createBatchSender(options: BatchSenderOptions): BatchSender {
  const url = new URL('/v1/batch', options.ingestUrl).toString()
  const authorization = `Basic ${Buffer.from(`${options.writeKey}:`).toString('base64')}`

  const post = async (batch: readonly SegmentMessage[]): Promise<UpscoreError | undefined> => {
    let lastProblem = ''
    for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
      let waitMs = options.retryDelayMs * 2 ** (attempt - 1)
      try {
        const response = await options.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ batch, sentAt: toTimestamp(options.now()) }),
          signal: AbortSignal.timeout(options.requestTimeoutMs),
        })
        const body = await response.text()
        if (response.status >= 200 && response.status < 300) return undefined
        lastProblem = `HTTP ${response.status}: ${body.slice(0, 300)}`
        if (!isTransient(response.status)) break
        waitMs = Math.max(waitMs, retryAfterMs(response.headers.get('retry-after')))
      } catch (error) {
        lastProblem = error instanceof Error ? error.message : String(error)
      }
      if (attempt < options.maxAttempts) await options.sleep(waitMs)
    }
    // No code of the closed set names "a server we call failed"; `internal` is the nearest for a demo tool.
    return new UpscoreError('internal', `product simulator: POST ${url} failed: ${lastProblem}`)
  }

  return {
    async send(messages) {
      let sent = 0
      while (sent < messages.length) {
        const batch = messages.slice(sent, sent + MAX_BATCH_MESSAGES)
        const failure = await post(batch)
        if (failure !== undefined) return { sent, failure }
        sent += batch.length
      }
      return { sent, failure: undefined }
    },
  }
}

function isTransient(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

function retryAfterMs(header: string | null): number {
  const seconds = Number(header)
  return header === null || !Number.isFinite(seconds) ? 0 : Math.min(Math.max(seconds, 0) * 1000, MAX_RETRY_AFTER_MS)
}
