import type { FastifyInstance } from 'fastify'
import type { CrmState } from './crm-state.ts'
import { mergeInputSchema } from './object-inputs.ts'
import { parseBody } from './parse-body.ts'
import { mergeRecords } from './record-merge.ts'
import { toPublicObject } from './record-view.ts'
import { objectTypeOrReply, sendError } from './route-errors.ts'
import { sendJson } from './send-json.ts'

type TypeRoute = { Params: { objectType: string } }

/** `POST /crm/v3/objects/{contacts|companies}/merge` → 200 with the merged record. */
export function registerMergeRoutes(app: FastifyInstance, state: CrmState): void {
  app.post<TypeRoute>('/crm/v3/objects/:objectType/merge', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const parsed = parseBody(mergeInputSchema, request.body)
    if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
    const outcome = mergeRecords(state, type, parsed.data.primaryObjectId, parsed.data.objectIdToMerge)
    if (!outcome.ok) {
      const category = outcome.statusCode === 404 ? 'OBJECT_NOT_FOUND' : 'VALIDATION_ERROR'
      return sendError(reply, state, outcome.statusCode, category, outcome.message)
    }
    return sendJson(reply, 200, toPublicObject(outcome.record, type, state.properties))
  })
}
