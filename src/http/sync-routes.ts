import type { FastifyInstance } from 'fastify'
import { toPrometheusText } from '../crm/hubspot/prometheus-text.ts'
import type { SyncHealth } from '../crm/hubspot/sync-health.ts'
import { buildErrorBody } from './error-body.ts'
import { httpStatusByCode } from './error-status.ts'

export interface SyncRouteDeps {
  /** The HubSpot sync's health; undefined when the sync is off (no `HUBSPOT_ACCESS_TOKEN`). */
  syncHealth?: (() => Promise<SyncHealth>) | undefined
}

/**
 * `GET /api/sync`: the HubSpot sync's health as JSON; `GET /api/sync/metrics`: the same in Prometheus' text format.
 * 404 when the sync is off. Registered under the admin-token scope.
 */
export function registerSyncRoutes(scope: FastifyInstance, deps: SyncRouteDeps): void {
  const off = buildErrorBody('not_found', 'the HubSpot sync is off: HUBSPOT_ACCESS_TOKEN is not set')
  scope.get('/sync', async (_request, reply) => {
    if (deps.syncHealth === undefined) return reply.code(httpStatusByCode.not_found).send(off)
    return deps.syncHealth()
  })
  scope.get('/sync/metrics', async (_request, reply) => {
    if (deps.syncHealth === undefined) return reply.code(httpStatusByCode.not_found).send(off)
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(toPrometheusText(await deps.syncHealth()))
  })
}

/** `GET /metrics`: the sync's health for Prometheus (send the admin token as a bearer token). */
export function registerMetricsRoute(scope: FastifyInstance, deps: SyncRouteDeps): void {
  scope.get('/metrics', async (_request, reply) => {
    const text = deps.syncHealth === undefined ? '' : toPrometheusText(await deps.syncHealth())
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text)
  })
}
