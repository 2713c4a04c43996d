import type { FastifyInstance, FastifyRequest } from 'fastify'
import { UpscoreError } from '../errors.ts'
import type { Event, EventType } from '../events/event.ts'
import { parseSegmentBatch, type RejectedMessage } from '../events/segment-batch.ts'
import { parseSegmentCall } from '../events/segment-call.ts'
import { maxRequestBytes } from '../events/segment-limits.ts'
import type { Store } from '../storage/store.ts'
import { buildErrorBody } from './error-body.ts'
import { httpStatusByCode } from './error-status.ts'
import type { ProcessingLag } from './processing-lag.ts'
import { acceptJsonBodies, type ParsedBody } from './request-body.ts'
import { createWriteKeyAuthenticator } from './write-key-auth.ts'

export interface IngestDeps {
  store: Pick<Store, 'appendEvents'>
  writeKeys: readonly string[]
  now: () => number
  newMessageId: () => string
  onEventsStored?: (() => void) | undefined
  /** How far processing is behind; while it refuses, ingest answers 503 with Retry-After before reading a body. */
  processingLag?: (() => ProcessingLag) | undefined
}

/**
 * The answer to an accepted request. `accepted` counts events stored now, `duplicates` those acknowledged
 * again (their messageId was stored before under the same write key); with `rejected` they cover every message.
 */
export interface IngestAnswer {
  success: true
  accepted: number
  duplicates: number
  rejected: RejectedMessage[]
}

const singleCallTypes: readonly EventType[] = ['track', 'identify', 'group', 'page', 'screen', 'alias']

function bodyOf(request: FastifyRequest): ParsedBody {
  const body = request.body as ParsedBody | undefined
  if (body === undefined) throw new UpscoreError('invalid_json', 'the body is empty: send a JSON object')
  return body
}

/** The Segment-compatible HTTP Tracking API: `/v1/batch` and the single calls `/v1/track`, `/v1/identify`, …. */
export function registerIngestRoutes(scope: FastifyInstance, deps: IngestDeps): void {
  acceptJsonBodies(scope, maxRequestBytes)
  const authenticator = createWriteKeyAuthenticator(deps.writeKeys)

  const unauthorized = () =>
    new UpscoreError(
      'unauthorized',
      'missing or unknown write key: send it as the HTTP Basic user name or as "writeKey" in the body',
    )
  // A key in the header is checked before the body is read: an unknown key costs no decompression or parsing.
  const headerSources = new WeakMap<FastifyRequest, string>()
  scope.addHook('onRequest', async (request) => {
    const key = authenticator.fromHeader(request.headers.authorization)
    if (key.kind === 'unknown') throw unauthorized()
    if (key.kind === 'known') headerSources.set(request, key.source)
    // While processing catches up, events are refused before their body is read (the SDKs send them again).
    const lag = deps.processingLag?.()
    if (lag?.isRefusing === true) {
      throw new UpscoreError(
        'processing_behind',
        `processing is ${lag.events} events (${lag.seconds} s) behind: send these events again later`,
      )
    }
  })
  const sourceOf = (request: FastifyRequest, body: ParsedBody): string => {
    const source = headerSources.get(request) ?? authenticator.fromBody(body.json)
    if (source === undefined) throw unauthorized()
    return source
  }

  const storeEvents = async (source: string, events: Event[], rejected: RejectedMessage[]): Promise<IngestAnswer> => {
    let accepted = 0
    if (events.length > 0) {
      let outcomes: readonly string[]
      try {
        outcomes = await deps.store.appendEvents(events.map((event) => ({ source, event })))
      } catch (error) {
        if (error instanceof UpscoreError) throw error
        throw new UpscoreError('storage_failure', 'the events could not be stored; retry later', { cause: error })
      }
      for (const outcome of outcomes) if (outcome === 'stored') accepted++
      if (accepted > 0) deps.onEventsStored?.()
    }
    return { success: true, accepted, duplicates: events.length - accepted, rejected }
  }

  scope.post('/v1/batch', async (request) => {
    const receivedAtMs = deps.now()
    const body = bodyOf(request)
    const source = sourceOf(request, body)
    const result = parseSegmentBatch(body.json, { receivedAtMs, newMessageId: deps.newMessageId })
    if (!result.ok) throw new UpscoreError('invalid_request', result.message)
    return storeEvents(source, result.events, result.rejected)
  })

  for (const type of singleCallTypes) {
    scope.post(`/v1/${type}`, async (request, reply) => {
      const receivedAtMs = deps.now()
      const body = bodyOf(request)
      const source = sourceOf(request, body)
      const result = parseSegmentCall(body.json, type, {
        receivedAtMs,
        newMessageId: deps.newMessageId,
        bodyBytes: body.bytes,
      })
      if (!result.ok) {
        return reply
          .code(httpStatusByCode.invalid_message)
          .send(buildErrorBody('invalid_message', result.rejection.message, result.rejection.code))
      }
      return storeEvents(source, [result.event], [])
    })
  }
}
