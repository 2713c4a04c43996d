import type { FastifyInstance } from 'fastify'
import type { Readiness } from '../storage/write-readiness.ts'
import { buildErrorBody } from './error-body.ts'
import { httpStatusByCode, retryAfterSecondsByCode } from './error-status.ts'
import type { ProcessingLag } from './processing-lag.ts'

export interface HealthRouteDeps {
  /** Whether the service can take events now, and why not. Default: always. */
  readiness?: (() => Promise<Readiness>) | undefined
  /** How far processing is behind ingest. */
  processingLag?: (() => ProcessingLag) | undefined
}

/**
 * `GET /healthz`: 200 `{"ok":true}` when the service can take events, else 503 with `Retry-After` and the reason
 * (`{"ok":false,"error":{"code":"storage_failure"|"processing_behind","message":…}}`); with the processing lag
 * (`{"processing": {"lagEvents", "lagSeconds"}}`) when it is known. No token needed.
 */
export function registerHealthRoutes(scope: FastifyInstance, deps: HealthRouteDeps): void {
  scope.get('/healthz', async (_request, reply) => {
    const lag = deps.processingLag?.()
    const processing = lag === undefined ? {} : { processing: { lagEvents: lag.events, lagSeconds: lag.seconds } }
    const refuse = (code: 'storage_failure' | 'processing_behind', message: string) =>
      reply
        .code(httpStatusByCode[code])
        .header('retry-after', String(retryAfterSecondsByCode[code]))
        .send({ ok: false, ...processing, ...buildErrorBody(code, message) })
    const readiness = (await deps.readiness?.()) ?? { ok: true }
    if (!readiness.ok) return refuse('storage_failure', readiness.message)
    if (lag?.isRefusing === true) {
      return refuse(
        'processing_behind',
        `processing is ${lag.events} events (${lag.seconds} s) behind: ingest refuses events until it catches up`,
      )
    }
    return { ok: true, ...processing }
  })
}
