import type { FastifyInstance } from 'fastify'
import { buildErrorBody } from './error-body.ts'
import { httpStatusByCode } from './error-status.ts'

export interface HealthRouteDeps {
  /** Whether the service can take events now. Default: always. */
  isReady?: (() => boolean) | undefined
}

/** `GET /healthz`: 200 `{"ok":true}` when the service can take events, else 503. No token needed. */
export function registerHealthRoutes(scope: FastifyInstance, deps: HealthRouteDeps): void {
  scope.get('/healthz', async (_request, reply) => {
    if (deps.isReady?.() ?? true) return { ok: true }
    return reply
      .code(httpStatusByCode.storage_failure)
      .send({ ok: false, ...buildErrorBody('storage_failure', 'the service cannot take events now') })
  })
}
