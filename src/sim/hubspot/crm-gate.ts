import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { CallStats } from './call-stats.ts'
import type { HeldTimers } from './held-timers.ts'
import { errorBody } from './hubspot-error.ts'
import { rateLimitBody } from './rate-limit-body.ts'
import type { RateLimiter } from './rate-limiter.ts'
import { JSON_CONTENT_TYPE, sendJson } from './send-json.ts'
import type { SimulatorFaults } from './simulator-faults.ts'

export type CrmGateOptions = {
  /** The only bearer token accepted; undefined accepts any. */
  token: string | undefined
  faults: SimulatorFaults
  limiter: RateLimiter
  stats: CallStats
  timers: HeldTimers
  portalId: number
  now: () => number
  random: () => number
  newCorrelationId: () => string
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])
const SEARCH_PATH = /^\/crm\/v3\/objects\/[^/]+\/search\/?$/
const UPSERT_PATH = /^\/crm\/v3\/objects\/[^/]+\/batch\/upsert\/?$/

/** Whether a path is part of HubSpot's API (the `/_sim/*` controls and the page are not). */
export function isCrmPath(url: string): boolean {
  return url.startsWith('/crm/') || url.startsWith('/contacts/v1/')
}

const pathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? request.url

/**
 * What stands between a CRM call and its handler, in this order: an outage answers 503 before anything else; a
 * missing or wrong bearer token answers 401; a spent budget answers 429 (HubSpot's body, not counted); then added
 * latency; then a held answer (timeout, 504) or, for write calls, a 502. Every call except a 429 counts against the
 * budgets; every answer carries the rate-limit headers and HubSpot's JSON content type, and is counted in the stats.
 */
export function registerCrmGate(app: FastifyInstance, options: CrmGateOptions): void {
  const { faults, limiter, stats, timers } = options

  app.addHook('onRequest', async (request, reply) => {
    if (!isCrmPath(request.url)) return
    const isSearch = request.method === 'POST' && SEARCH_PATH.test(pathOf(request))
    if (options.now() < faults.outageUntilMs) {
      limiter.record(isSearch)
      const message = 'HubSpot is temporarily unavailable. Please try again later.'
      return sendJson(reply, 503, errorBody(options.newCorrelationId(), 'SERVICE_UNAVAILABLE', message))
    }
    if (!isAuthorized(request.headers.authorization, options.token)) {
      limiter.record(isSearch)
      const message =
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview'
      return sendJson(reply, 401, errorBody(options.newCorrelationId(), 'INVALID_AUTHENTICATION', message))
    }
    const policy = limiter.blockingPolicy(isSearch)
    if (policy !== undefined) {
      return sendJson(reply, 429, rateLimitBody(policy, options.newCorrelationId(), options.portalId))
    }
    limiter.record(isSearch)
    if (faults.latencyMs > 0) await timers.sleep(faults.latencyMs)
    if (faults.timeoutRate > 0 && options.random() < faults.timeoutRate) {
      await timers.sleep(faults.timeoutMs)
      const message = 'The request timed out before HubSpot could answer it.'
      return sendJson(reply, 504, errorBody(options.newCorrelationId(), 'GATEWAY_TIMEOUT', message))
    }
    if (WRITE_METHODS.has(request.method) && faults.errorRate > 0 && options.random() < faults.errorRate) {
      const message = 'Bad Gateway: the request failed and nothing was changed. Please try again.'
      return sendJson(reply, 502, errorBody(options.newCorrelationId(), 'BAD_GATEWAY', message))
    }
    return undefined
  })

  app.addHook('onSend', async (request, reply, payload) => {
    if (!isCrmPath(request.url)) return payload
    reply.headers(limiter.headers())
    reply.header('content-type', JSON_CONTENT_TYPE)
    return payload
  })

  app.addHook('onResponse', async (request, reply) => {
    if (!isCrmPath(request.url)) return
    const status = reply.statusCode
    const isUpsert =
      request.method === 'POST' && UPSERT_PATH.test(pathOf(request)) && (status === 200 || status === 207)
    const inputs = (request.body as { inputs?: unknown } | undefined)?.inputs
    stats.record(status, isUpsert && Array.isArray(inputs) ? inputs.length : undefined)
  })
}

function isAuthorized(header: string | undefined, token: string | undefined): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  if (match === null) return false
  return token === undefined || match[1] === token
}
