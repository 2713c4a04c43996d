import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  associateDefault,
  associationTypesOrReply,
  labelsBetween,
  sendMissingRecord,
  withLabel,
} from './association-answers.ts'
import { isValidSpec } from './association-types.ts'
import { batchAnswer } from './batch-response.ts'
import type { CrmState } from './crm-state.ts'
import { associationSpecSchema } from './object-inputs.ts'
import { parseBody } from './parse-body.ts'
import { sendError } from './route-errors.ts'
import { sendJson } from './send-json.ts'
import { sendNoDefaultAssociation } from './send-no-default-association.ts'

type PairParams = { objectType: string; objectId: string; toObjectType: string; toObjectId: string }
type ListRoute = {
  Params: { objectType: string; objectId: string; toObjectType: string }
  Querystring: Record<string, unknown>
}

/** Associations v4 between two records: default (PUT, 200), labelled (PUT with a body, 201), remove, list. */
export function registerAssociationRoutes(app: FastifyInstance, state: CrmState): void {
  app.put<{ Params: { fromObjectType: string; fromObjectId: string; toObjectType: string; toObjectId: string } }>(
    '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/default/:toObjectType/:toObjectId',
    async (request, reply) => {
      const { fromObjectType, fromObjectId, toObjectType, toObjectId } = request.params
      const types = associationTypesOrReply(reply, state, fromObjectType, toObjectType)
      if (types === undefined) return reply
      const startedAtMs = state.now()
      const from = state.records.get(types[0], fromObjectId)
      if (from === undefined) return sendMissingRecord(reply, state, types[0], fromObjectId)
      const to = state.records.get(types[1], toObjectId)
      if (to === undefined) return sendMissingRecord(reply, state, types[1], toObjectId)
      const results = associateDefault(state, types[0], from, types[1], to)
      if (results === undefined) return sendNoDefaultAssociation(reply, state, types)
      state.changed()
      return sendJson(reply, 200, batchAnswer(200, results, [], startedAtMs, state.now()).body)
    },
  )

  app.put<{ Params: PairParams }>(
    '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId',
    async (request, reply) => {
      const { objectType, objectId, toObjectType, toObjectId } = request.params
      const types = associationTypesOrReply(reply, state, objectType, toObjectType)
      if (types === undefined) return reply
      const parsed = parseBody(z.array(associationSpecSchema).min(1), request.body)
      if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
      const from = state.records.get(types[0], objectId)
      if (from === undefined) return sendMissingRecord(reply, state, types[0], objectId)
      const to = state.records.get(types[1], toObjectId)
      if (to === undefined) return sendMissingRecord(reply, state, types[1], toObjectId)
      const bad = parsed.data.find((spec) => !isValidSpec(spec, types[0], types[1]))
      if (bad !== undefined) {
        return sendError(
          reply,
          state,
          400,
          'VALIDATION_ERROR',
          `association type ${bad.typeId} does not link ${types[0]} to ${types[1]}`,
        )
      }
      state.associations.add(types[0], from.id, types[1], to.id, parsed.data)
      state.changed()
      return sendJson(reply, 201, labelsBetween(state, types[0], from, types[1], to))
    },
  )

  app.delete<{ Params: PairParams }>(
    '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId',
    async (request, reply) => {
      const { objectType, objectId, toObjectType, toObjectId } = request.params
      const types = associationTypesOrReply(reply, state, objectType, toObjectType)
      if (types === undefined) return reply
      const from = state.records.get(types[0], objectId)
      const to = state.records.get(types[1], toObjectId)
      if (from !== undefined && to !== undefined) {
        state.associations.remove(types[0], from.id, types[1], to.id)
        state.changed()
      }
      return reply.code(204).send()
    },
  )

  app.get<ListRoute>('/crm/v4/objects/:objectType/:objectId/associations/:toObjectType', async (request, reply) => {
    const { objectType, objectId, toObjectType } = request.params
    const types = associationTypesOrReply(reply, state, objectType, toObjectType)
    if (types === undefined) return reply
    const from = state.records.get(types[0], objectId)
    if (from === undefined) return sendMissingRecord(reply, state, types[0], objectId)
    const limit = Math.min(500, Math.max(1, Number(request.query.limit ?? 500) || 500))
    const after = Number(request.query.after ?? 0) || 0
    const all = state.associations.list(types[0], from.id, types[1]).filter((entry) => Number(entry.toId) > after)
    const page = all.slice(0, limit)
    const last = page.at(-1)
    return sendJson(reply, 200, {
      results: page.map((entry) => ({ toObjectId: entry.toId, associationTypes: entry.specs.map(withLabel) })),
      ...(all.length > limit && last !== undefined ? { paging: { next: { after: last.toId } } } : {}),
    })
  })
}
