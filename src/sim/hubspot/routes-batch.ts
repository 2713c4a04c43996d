import type { FastifyInstance, FastifyReply } from 'fastify'
import type { z } from 'zod'
import { batchCreate } from './batch-create.ts'
import { batchAnswer } from './batch-response.ts'
import type { CrmState } from './crm-state.ts'
import { type StandardError, standardError } from './hubspot-error.ts'
import { isUsableIdProperty } from './is-usable-id-property.ts'
import {
  batchArchiveSchema,
  batchCreateSchema,
  batchReadSchema,
  batchUpdateSchema,
  batchUpsertSchema,
  MAX_BATCH_INPUTS,
} from './object-inputs.ts'
import { type ObjectType, objectTypeNames } from './object-types.ts'
import { parseBody } from './parse-body.ts'
import { toPublicObject } from './record-view.ts'
import { findRecord, updateRecord, upsertRecord } from './record-writes.ts'
import { batchInputError, nonUniqueMessage, objectTypeOrReply, sendError } from './route-errors.ts'
import { sendJson } from './send-json.ts'

type TypeRoute = { Params: { objectType: string } }

/**
 * Batch endpoints of contacts, companies and tasks. Per-input failures of update and upsert are answered 207 with
 * `errors` beside the results (HubSpot's spec lists 207 for both; which failures it turns into a whole-request 400
 * is unverified). Whole-request 400s: more than 100 inputs, a malformed body, an `idProperty` that is not unique,
 * and one id given twice.
 */
export function registerBatchRoutes(app: FastifyInstance, state: CrmState): void {
  const route = <T extends { inputs: unknown[] }>(
    action: string,
    schema: z.ZodType<T>,
    handle: (type: ObjectType, body: T, reply: FastifyReply) => FastifyReply,
  ): void => {
    app.post<TypeRoute>(`/crm/v3/objects/:objectType/batch/${action}`, async (request, reply) => {
      const type = objectTypeOrReply(reply, state, request.params.objectType)
      if (type === undefined) return reply
      const parsed = parseBody(schema, request.body)
      if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
      if (parsed.data.inputs.length > MAX_BATCH_INPUTS) {
        return sendError(
          reply,
          state,
          400,
          'VALIDATION_ERROR',
          `Batch input of ${parsed.data.inputs.length} records is over the limit of ${MAX_BATCH_INPUTS}`,
          { context: { limit: [String(MAX_BATCH_INPUTS)] } },
        )
      }
      return handle(type, parsed.data, reply)
    })
  }

  route('create', batchCreateSchema, (type, body, reply) => {
    const answer = batchCreate(state, type, body.inputs)
    return sendJson(reply, answer.statusCode, answer.body)
  })

  route('read', batchReadSchema, (type, body, reply) => {
    const startedAtMs = state.now()
    if (!isUsableIdProperty(state.properties, type, body.idProperty)) {
      return sendError(reply, state, 400, 'VALIDATION_ERROR', `${body.idProperty} is not a unique property`)
    }
    const results: unknown[] = []
    const missing: string[] = []
    for (const input of body.inputs) {
      const record = findRecord(state, type, input.id, body.idProperty)
      if (record === undefined) missing.push(input.id)
      else results.push(toPublicObject(record, type, state.properties, body.properties ?? []))
    }
    const errors =
      missing.length === 0
        ? []
        : [
            standardError(
              'OBJECT_NOT_FOUND',
              `Could not get some ${objectTypeNames[type].toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
              { ids: missing },
            ),
          ]
    const answer = batchAnswer(200, results, errors, startedAtMs, state.now())
    return sendJson(reply, answer.statusCode, answer.body)
  })

  route('update', batchUpdateSchema, (type, body, reply) => {
    const startedAtMs = state.now()
    for (const input of body.inputs) {
      // HubSpot refuses email as the key of a batch update (hubspot-api-nodejs#548); upsert is the way by email.
      const byEmail = type === 'contacts' && input.idProperty === 'email'
      if (byEmail || !isUsableIdProperty(state.properties, type, input.idProperty)) {
        return sendError(reply, state, 400, 'VALIDATION_ERROR', nonUniqueMessage(type))
      }
    }
    const duplicate = duplicateIds(body.inputs.map((input) => input.id))
    if (duplicate.length > 0) return sendDuplicates(reply, duplicate)
    const results: unknown[] = []
    const errors: StandardError[] = []
    for (const input of body.inputs) {
      const context = { ids: [input.id] }
      const record = findRecord(state, type, input.id, input.idProperty)
      if (record === undefined) {
        errors.push(batchInputError(state, type, { kind: 'not_found', id: input.id }, context))
        continue
      }
      const outcome = updateRecord(state, type, record, input.properties)
      if (outcome.ok) results.push(toPublicObject(outcome.record, type, state.properties))
      else errors.push(batchInputError(state, type, outcome, context))
    }
    const answer = batchAnswer(200, results, errors, startedAtMs, state.now())
    return sendJson(reply, answer.statusCode, answer.body)
  })

  route('upsert', batchUpsertSchema, (type, body, reply) => {
    const startedAtMs = state.now()
    if (body.inputs.some((input) => !isUsableIdProperty(state.properties, type, input.idProperty))) {
      return sendError(reply, state, 400, 'VALIDATION_ERROR', nonUniqueMessage(type))
    }
    const duplicate = duplicateIds(
      body.inputs.map((input) => (input.idProperty === 'email' ? input.id.toLowerCase() : input.id)),
    )
    if (duplicate.length > 0) return sendDuplicates(reply, duplicate)
    const results: unknown[] = []
    const errors: StandardError[] = []
    for (const input of body.inputs) {
      const outcome = upsertRecord(state, type, input.id, input.idProperty, input.properties)
      if (outcome.ok) results.push({ ...toPublicObject(outcome.record, type, state.properties), new: outcome.created })
      else errors.push(batchInputError(state, type, outcome, { ids: [input.id] }))
    }
    const answer = batchAnswer(200, results, errors, startedAtMs, state.now())
    return sendJson(reply, answer.statusCode, answer.body)
  })

  route('archive', batchArchiveSchema, (type, body, reply) => {
    for (const input of body.inputs) {
      const record = state.records.get(type, input.id)
      if (record === undefined) continue
      state.records.archive(type, record, state.now())
      state.associations.removeAll(type, record.id)
    }
    state.changed()
    return reply.code(204).send()
  })

  const sendDuplicates = (reply: FastifyReply, ids: string[]): FastifyReply =>
    sendError(
      reply,
      state,
      400,
      'VALIDATION_ERROR',
      `Duplicate IDs found in batch input: [${ids.join(', ')}]. IDs must be unique`,
    )
}

function duplicateIds(ids: readonly string[]): string[] {
  const seen = new Set<string>()
  const duplicates = new Set<string>()
  for (const id of ids) {
    if (seen.has(id)) duplicates.add(id)
    seen.add(id)
  }
  return [...duplicates]
}
