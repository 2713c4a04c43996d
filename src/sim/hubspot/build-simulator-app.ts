import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'
import type { CallStats } from './call-stats.ts'
import { registerCrmGate } from './crm-gate.ts'
import type { CrmState } from './crm-state.ts'
import type { HeldTimers } from './held-timers.ts'
import { errorBody } from './hubspot-error.ts'
import type { RateLimiter } from './rate-limiter.ts'
import { registerAssociationBatchRoutes } from './routes-association-batches.ts'
import { registerAssociationRoutes } from './routes-associations.ts'
import { registerBatchRoutes } from './routes-batch.ts'
import { registerControlRoutes } from './routes-controls.ts'
import { registerGdprDeleteRoute } from './routes-gdpr-delete.ts'
import { registerMergeRoutes } from './routes-merge.ts'
import { registerObjectRoutes } from './routes-objects.ts'
import { registerOwnerRoutes } from './routes-owners.ts'
import { registerPageRoute } from './routes-page.ts'
import { registerPropertyRoutes } from './routes-properties.ts'
import { registerPropertyGroupRoutes } from './routes-property-groups.ts'
import { registerSearchRoutes } from './routes-search.ts'
import { registerSecondaryEmailRoutes } from './routes-secondary-emails.ts'
import { sendJson } from './send-json.ts'
import type { SimulatorFaults } from './simulator-faults.ts'

export type SimulatorParts = {
  state: CrmState
  faults: SimulatorFaults
  limiter: RateLimiter
  stats: CallStats
  timers: HeldTimers
  token: string | undefined
  random: () => number
}

const BODY_LIMIT_BYTES = 8 * 1024 * 1024

/** The simulator's HTTP application: the gate, HubSpot's routes, the controls and the page. */
export function buildSimulatorApp(parts: SimulatorParts): FastifyInstance {
  const { state } = parts
  // On close, idle keep-alive connections are dropped and calls in flight are answered (held ones are released first).
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES, forceCloseConnections: 'idle' })

  // JSON bodies; an empty one is no body (the SDK sends none on some PUTs), and bad JSON is HubSpot's 400.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body)
    if (text.trim() === '') return done(null, undefined)
    try {
      done(null, JSON.parse(text))
    } catch (error) {
      const failure = new Error(`Invalid input JSON: ${(error as Error).message}`) as FastifyError
      failure.statusCode = 400
      done(failure, undefined)
    }
  })

  registerCrmGate(app, {
    token: parts.token,
    faults: parts.faults,
    limiter: parts.limiter,
    stats: parts.stats,
    timers: parts.timers,
    portalId: state.portalId,
    now: state.now,
    random: parts.random,
    newCorrelationId: state.newCorrelationId,
  })

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500
    const category = status === 400 ? 'VALIDATION_ERROR' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'ERROR'
    const message = status >= 500 ? 'internal error' : error.message
    return sendJson(reply, status, errorBody(state.newCorrelationId(), category, message))
  })
  app.setNotFoundHandler((request, reply) =>
    sendJson(
      reply,
      404,
      errorBody(
        state.newCorrelationId(),
        'OBJECT_NOT_FOUND',
        `No route for ${request.method} ${request.url.split('?')[0]}`,
      ),
    ),
  )

  registerObjectRoutes(app, state)
  registerBatchRoutes(app, state)
  registerSearchRoutes(app, state)
  registerMergeRoutes(app, state)
  registerGdprDeleteRoute(app, state)
  registerPropertyRoutes(app, state)
  registerPropertyGroupRoutes(app, state)
  registerAssociationRoutes(app, state)
  registerAssociationBatchRoutes(app, state)
  registerOwnerRoutes(app, state)
  registerSecondaryEmailRoutes(app, state)
  registerControlRoutes(app, state, parts.faults, parts.stats)
  registerPageRoute(app, state)
  return app
}
