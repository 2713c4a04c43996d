import type { FastifyInstance } from 'fastify'
import type { Readiness } from '../storage/write-readiness.ts'
import { buildErrorBody } from './error-body.ts'
import { httpStatusByCode, unavailableRetryAfterSeconds } from './error-status.ts'

export interface HealthRouteDeps {
  /** Whether the service can take events now, and why not. Default: always. */
  readiness?: (() => Promise<Readiness>) | undefined
}

/**
 * `GET /healthz`: 200 `{"ok":true}` when the service can take events, else 503 with `Retry-After` and the reason,
 * `{"ok":false,"error":{"code":"storage_failure","message":…}}`. No token needed.
 */
export function registerHealthRoutes(scope: FastifyInstance, deps: HealthRouteDeps): void {
  scope.get('/healthz', async (_request, reply) => {
    const readiness = (await deps.readiness?.()) ?? { ok: true }
    if (readiness.ok) return { ok: true }
    return reply
      .code(httpStatusByCode.storage_failure)
      .header('retry-after', String(unavailableRetryAfterSeconds))
      .send({ ok: false, ...buildErrorBody('storage_failure', readiness.message) })
  })
}
