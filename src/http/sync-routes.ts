import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { toPrometheusText } from '../crm/hubspot/prometheus-text.ts'
import type { SyncHealth } from '../crm/hubspot/sync-health.ts'
import { UpscoreError } from '../errors.ts'
import type { CrmObjectType, DeadLetter, Store } from '../storage/store.ts'
import { buildErrorBody } from './error-body.ts'
import { httpStatusByCode } from './error-status.ts'
import type { ProcessingLag } from './processing-lag.ts'

export interface SyncRouteDeps {
  store: Pick<Store, 'deadLetters' | 'deadLetterCount'>
  /** Puts dead letters (all, or of these entities) back in the outbox with their current values; how many. */
  replayDeadLetters?: ((entityIds?: readonly string[]) => Promise<number>) | undefined
  /** The HubSpot sync's health; undefined when the sync is off (no `HUBSPOT_ACCESS_TOKEN`). */
  syncHealth?: (() => Promise<SyncHealth>) | undefined
  /** Tells the sync that the outbox has new entries; undefined when the sync is off. */
  wakeSync?: (() => void) | undefined
}

/** A dead letter as `GET /api/sync/dead-letters` answers it. */
export interface DeadLetterJson {
  id: number
  objectType: CrmObjectType
  entityId: string
  idValue: string
  properties: Record<string, string>
  /** HubSpot's reason for refusing the record. */
  reason: string
  at: string
}

const toDeadLetterJson = (letter: DeadLetter): DeadLetterJson => ({
  id: letter.id,
  objectType: letter.objectType,
  entityId: letter.entityId,
  idValue: letter.idValue,
  properties: letter.properties,
  reason: letter.reason,
  at: new Date(letter.atMs).toISOString(),
})

const DEFAULT_DEAD_LETTER_LIMIT = 100
const MAX_DEAD_LETTER_LIMIT = 1_000

const deadLetterQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_DEAD_LETTER_LIMIT).default(DEFAULT_DEAD_LETTER_LIMIT),
})
/** The body of `POST /api/sync/dead-letters/replay`; no body at all replays every dead letter. */
const replayRequestSchema = z.strictObject({ entityIds: z.array(z.string().min(1)).max(100_000).optional() })

function parseRequest<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input ?? {})
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const where = issue === undefined || issue.path.length === 0 ? what : `${what} ${issue.path.join('.')}`
  throw new UpscoreError('invalid_request', `${where}: ${issue?.message ?? 'invalid'}`)
}

/**
 * `GET /api/sync`: the HubSpot sync's health as JSON; `GET /api/sync/metrics`: the same in Prometheus' text format
 * (404 when the sync is off). `GET /api/sync/dead-letters?limit=N`: the records HubSpot refused for good, newest
 * first (default 100, at most 1,000); `POST /api/sync/dead-letters/replay` with an optional `{"entityIds": [...]}`
 * puts them (all, or those of the given entities) back in the outbox. The dead letters answer even when the sync is
 * off: replayed ones wait in the outbox. Registered under the admin-token scope.
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
  scope.get('/sync/dead-letters', async (request): Promise<{ total: number; deadLetters: DeadLetterJson[] }> => {
    const { limit } = parseRequest(deadLetterQuerySchema, request.query, 'query')
    const [letters, total] = await Promise.all([deps.store.deadLetters(limit), deps.store.deadLetterCount()])
    return { total, deadLetters: letters.map(toDeadLetterJson) }
  })
  scope.post('/sync/dead-letters/replay', async (request): Promise<{ replayed: number }> => {
    const { entityIds } = parseRequest(replayRequestSchema, request.body, 'body')
    if (deps.replayDeadLetters === undefined)
      throw new UpscoreError('not_found', 'replaying dead letters is not available here')
    const replayed = await deps.replayDeadLetters(entityIds)
    if (replayed > 0) deps.wakeSync?.()
    return { replayed }
  })
}

/**
 * `GET /metrics`: the processing lag and the sync's health for Prometheus (send the admin token as a bearer token).
 */
export function registerMetricsRoute(
  scope: FastifyInstance,
  deps: Pick<SyncRouteDeps, 'syncHealth'> & { processingLag?: (() => ProcessingLag) | undefined },
): void {
  scope.get('/metrics', async (_request, reply) => {
    const lag = deps.processingLag?.()
    const lagText = lag === undefined ? '' : lagPrometheusText(lag)
    const syncText = deps.syncHealth === undefined ? '' : toPrometheusText(await deps.syncHealth())
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(lagText + syncText)
  })
}

/** The processing lag in Prometheus' text format. */
function lagPrometheusText(lag: ProcessingLag): string {
  return [
    '# HELP upscore_processing_lag_events Events in the log not processed yet',
    '# TYPE upscore_processing_lag_events gauge',
    `upscore_processing_lag_events ${lag.events}`,
    '# HELP upscore_processing_lag_seconds How long the oldest event not processed yet has waited',
    '# TYPE upscore_processing_lag_seconds gauge',
    `upscore_processing_lag_seconds ${lag.seconds}`,
    '# HELP upscore_ingest_refusing Whether ingest refuses events until processing catches up (1) or not (0)',
    '# TYPE upscore_ingest_refusing gauge',
    `upscore_ingest_refusing ${lag.isRefusing ? 1 : 0}`,
    '',
  ].join('\n')
}
