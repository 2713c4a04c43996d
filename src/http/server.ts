import Fastify, { type FastifyInstance } from 'fastify'
import type { SyncHealth } from '../crm/hubspot/sync-health.ts'
import { UpscoreError } from '../errors.ts'
import { maxRequestBytes } from '../events/segment-limits.ts'
import type { ModelAdmin } from '../model-admin/model-admin.ts'
import type { StoredCutoffs } from '../pipeline/stored-cutoffs.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import type { Store } from '../storage/store.ts'
import type { Readiness } from '../storage/write-readiness.ts'
import { createAdminAuthHook } from './admin-auth.ts'
import { registerCompanyRoutes } from './company-routes.ts'
import { registerContactRoutes } from './contact-routes.ts'
import { buildErrorBody } from './error-body.ts'
import { createErrorHandler } from './error-handler.ts'
import { httpStatusByCode } from './error-status.ts'
import { type ForgetRouteDeps, registerForgetRoutes } from './forget-routes.ts'
import { registerHealthRoutes } from './health-routes.ts'
import { registerIngestRoutes } from './ingest-routes.ts'
import { registerModelDraftRoutes } from './model-draft-routes.ts'
import { registerModelRoutes } from './model-routes.ts'
import type { ProcessingLag } from './processing-lag.ts'
import { registerMetricsRoute, registerSyncRoutes } from './sync-routes.ts'

/** What the HTTP server needs; nothing else. */
export interface HttpServerDeps extends ForgetRouteDeps {
  store: Pick<Store, 'appendEvents' | 'findContact' | 'getCompany' | 'history' | 'deadLetters' | 'deadLetterCount'>
  /** Write keys the ingest API accepts (`UPSCORE_WRITE_KEYS`). */
  writeKeys: readonly string[]
  /** Bearer token of `/api/*` (`UPSCORE_ADMIN_TOKEN`); must not be empty. */
  adminToken: string
  /** The clock, epoch ms: the time each request is received. */
  now: () => number
  /** A fresh id for a message sent without a `messageId`. */
  newMessageId: () => string
  /** Called after events were stored, so the processor wakes up. */
  onEventsStored?: (() => void) | undefined
  /** Whether the service can take events now, and why not (`/healthz`). Default: always. */
  readiness?: (() => Promise<Readiness>) | undefined
  /** How far processing is behind ingest (`/healthz`, `/metrics`, and back-pressure on ingest). */
  processingLag?: (() => ProcessingLag) | undefined
  /** Where unexpected errors are reported, one line each. Default: nowhere. */
  log?: ((line: string) => void) | undefined
  /** The model in use now (`/api/model`). */
  model?: (() => CompiledModel) | undefined
  /** How many events each filter found with a property of the wrong type (`/api/model`); default: the model's. */
  typeMismatches?: (() => Promise<Record<string, number>>) | undefined
  /** The cut-offs of its percentile labels in force (`/api/model`); undefined: none shown. */
  scoreCutoffs?: (() => Promise<StoredCutoffs | undefined>) | undefined
  /** The model's draft, publishing and versions (`/api/model/draft…`, `/api/model/versions…`); undefined: none. */
  modelAdmin?: ModelAdmin | undefined
  /** The HubSpot sync's health (`/api/sync`, `/metrics`); undefined when the sync is off. */
  syncHealth?: (() => Promise<SyncHealth>) | undefined
  /** Wakes the HubSpot sync after dead letters went back to the outbox; undefined when the sync is off. */
  wakeSync?: (() => void) | undefined
  /** Puts dead letters back in the outbox with their current values (`POST /api/sync/dead-letters/replay`). */
  replayDeadLetters?: ((entityIds?: readonly string[]) => Promise<number>) | undefined
}

/** A group of `/api/*` routes. Add new groups to `apiRouteGroups`; they all sit behind the admin token. */
type ApiRouteGroup = (scope: FastifyInstance, deps: HttpServerDeps) => void

const apiRouteGroups: readonly ApiRouteGroup[] = [
  registerContactRoutes,
  registerCompanyRoutes,
  registerSyncRoutes,
  registerModelRoutes,
  registerModelDraftRoutes,
  registerForgetRoutes,
]

/** A route the server answers: its method(s) and URL pattern. */
export interface RouteEntry {
  method: string
  url: string
}

const routeTables = new WeakMap<FastifyInstance, RouteEntry[]>()

/** Every route registered on a server made by `createHttpServer` (complete once it is ready). */
export function routeTableOf(app: FastifyInstance): readonly RouteEntry[] {
  return routeTables.get(app) ?? []
}

/**
 * The HTTP server of `serve`: the Segment-compatible ingest API, `/healthz`, and the read API under `/api`. Not
 * listening yet: call `listen({ port, host })`. It writes no log of its own.
 */
export function createHttpServer(deps: HttpServerDeps): FastifyInstance {
  if (deps.adminToken === '') throw new UpscoreError('invalid_config', 'the admin token must not be empty')
  const app = Fastify({
    logger: false,
    bodyLimit: maxRequestBytes,
    routerOptions: { ignoreTrailingSlash: true },
  })
  const routes: RouteEntry[] = []
  routeTables.set(app, routes)
  // First, so that it sees every route, wherever it is registered.
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url })
  })
  app.setErrorHandler(createErrorHandler(deps.log))
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(httpStatusByCode.not_found)
      .send(buildErrorBody('not_found', `no route for ${request.method} ${request.url.split('?')[0]}`)),
  )
  registerHealthRoutes(app, deps)
  app.register(async (scope) => registerIngestRoutes(scope, deps))
  app.register(
    async (scope) => {
      scope.addHook('onRequest', createAdminAuthHook(deps.adminToken))
      for (const registerGroup of apiRouteGroups) registerGroup(scope, deps)
    },
    { prefix: '/api' },
  )
  app.register(async (scope) => {
    scope.addHook('onRequest', createAdminAuthHook(deps.adminToken))
    registerMetricsRoute(scope, deps)
  })
  return app
}
