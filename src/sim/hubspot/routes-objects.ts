import type { FastifyInstance } from 'fastify'
import { ownValue } from '../../data-record.ts'
import type { CrmState } from './crm-state.ts'
import { isUsableIdProperty } from './is-usable-id-property.ts'
import { createInputSchema, updateInputSchema } from './object-inputs.ts'
import { parseBody } from './parse-body.ts'
import { queryFlag, queryList } from './query-list.ts'
import { toAssociationsBlock, toPublicObject } from './record-view.ts'
import { createRecord, findRecord, updateRecord } from './record-writes.ts'
import { objectTypeOrReply, sendError, sendNotFound, sendWriteFailure } from './route-errors.ts'
import { sendJson } from './send-json.ts'

type TypeRoute = { Params: { objectType: string }; Querystring: Record<string, unknown> }
type RecordRoute = { Params: { objectType: string; objectId: string }; Querystring: Record<string, unknown> }

const MAX_PAGE = 100
const DEFAULT_PAGE = 10

/** Single-record endpoints: list, create (201), read, update (PATCH), archive (DELETE 204). */
export function registerObjectRoutes(app: FastifyInstance, state: CrmState): void {
  app.get<TypeRoute>('/crm/v3/objects/:objectType', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const limit = Math.min(MAX_PAGE, Math.max(1, Number(request.query.limit ?? DEFAULT_PAGE) || DEFAULT_PAGE))
    const after = Number(request.query.after ?? 0) || 0
    const selection = queryList(request.query.properties)
    const candidates = state.records.list(type).filter((record) => Number(record.id) > after)
    const page = candidates.slice(0, limit)
    const last = page.at(-1)
    const results = page.map((record) => toPublicObject(record, type, state.properties, selection))
    const hasMore = candidates.length > limit && last !== undefined
    return sendJson(reply, 200, {
      results,
      ...(hasMore
        ? { paging: { next: { after: last.id, link: `/crm/v3/objects/${type}?after=${last.id}&limit=${limit}` } } }
        : {}),
    })
  })

  app.post<TypeRoute>('/crm/v3/objects/:objectType', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const parsed = parseBody(createInputSchema, request.body)
    if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
    const outcome = createRecord(state, type, parsed.data.properties, parsed.data.associations)
    if (!outcome.ok) return sendWriteFailure(reply, state, type, outcome)
    return sendJson(reply, 201, toPublicObject(outcome.record, type, state.properties))
  })

  app.get<RecordRoute>('/crm/v3/objects/:objectType/:objectId', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const idProperty = request.query.idProperty === undefined ? undefined : String(request.query.idProperty)
    const record = queryFlag(request.query.archived)
      ? state.records.getArchived(type, request.params.objectId)
      : findRecord(state, type, request.params.objectId, idProperty)
    if (record === undefined) return sendNotFound(reply, state)
    const body = toPublicObject(record, type, state.properties, queryList(request.query.properties))
    const withHistory = queryList(request.query.propertiesWithHistory)
    if (withHistory.length > 0) {
      const updatedAt = new Date(record.updatedAt).toISOString()
      // The names come from the query: only the record's own properties have a history.
      body.propertiesWithHistory = Object.fromEntries(
        withHistory.flatMap((name) => {
          const value = ownValue(record.properties, name)
          return value === undefined ? [] : [[name, [{ value, timestamp: updatedAt, sourceType: 'API' }]]]
        }),
      )
    }
    const associations = toAssociationsBlock(state.associations, type, record.id, queryList(request.query.associations))
    return sendJson(reply, 200, associations === undefined ? body : { ...body, associations })
  })

  app.patch<RecordRoute>('/crm/v3/objects/:objectType/:objectId', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const parsed = parseBody(updateInputSchema, request.body)
    if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
    const idProperty = request.query.idProperty === undefined ? undefined : String(request.query.idProperty)
    if (idProperty !== undefined && !isUsableIdProperty(state.properties, type, idProperty)) {
      return sendWriteFailure(reply, state, type, { kind: 'non_unique_id_property', property: idProperty })
    }
    const record = findRecord(state, type, request.params.objectId, idProperty)
    if (record === undefined) return sendNotFound(reply, state)
    const outcome = updateRecord(state, type, record, parsed.data.properties)
    if (!outcome.ok) return sendWriteFailure(reply, state, type, outcome)
    return sendJson(reply, 200, toPublicObject(outcome.record, type, state.properties))
  })

  app.delete<RecordRoute>('/crm/v3/objects/:objectType/:objectId', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const record = state.records.get(type, request.params.objectId)
    // Archiving a record that does not exist is not an error.
    if (record !== undefined) {
      state.records.archive(type, record, state.now())
      state.associations.removeAll(type, record.id)
      state.changed()
    }
    return reply.code(204).send()
  })
}
