import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { CallStats } from './call-stats.ts'
import type { CrmState } from './crm-state.ts'
import { parseObjectType } from './object-types.ts'
import { parseBody } from './parse-body.ts'
import { mergeRecords } from './record-merge.ts'
import { sendJson } from './send-json.ts'
import { applyFaultsUpdate, describeFaults, faultsUpdateSchema, type SimulatorFaults } from './simulator-faults.ts'

const mergeControlSchema = z.object({
  objectType: z.string(),
  primaryId: z.union([z.string(), z.number()]).transform(String),
  mergedId: z.union([z.string(), z.number()]).transform(String),
})

const problem = (message: string) => ({ error: { code: 'invalid_request', message } })

/**
 * The simulator's own controls for tests and demos. They sit outside HubSpot's API: no token, no limit, no fault,
 * not counted.
 */
export function registerControlRoutes(
  app: FastifyInstance,
  state: CrmState,
  faults: SimulatorFaults,
  stats: CallStats,
): void {
  app.get('/_sim/faults', async (_request, reply) => sendJson(reply, 200, describeFaults(faults, state.now())))

  app.post('/_sim/faults', async (request, reply) => {
    const parsed = parseBody(faultsUpdateSchema, request.body)
    if (!parsed.ok) return sendJson(reply, 400, problem(parsed.message))
    applyFaultsUpdate(faults, parsed.data, state.now())
    return sendJson(reply, 200, describeFaults(faults, state.now()))
  })

  app.get('/_sim/stats', async (_request, reply) => sendJson(reply, 200, stats.snapshot()))

  app.get<{ Params: { objectType: string } }>('/_sim/objects/:objectType', async (request, reply) => {
    const type = parseObjectType(request.params.objectType)
    if (type === undefined) return sendJson(reply, 404, problem(`unknown object type ${request.params.objectType}`))
    const results = state.records.list(type).map((record) => ({ id: record.id, properties: { ...record.properties } }))
    return sendJson(reply, 200, { results })
  })

  app.post('/_sim/merge', async (request, reply) => {
    const parsed = parseBody(mergeControlSchema, request.body)
    if (!parsed.ok) return sendJson(reply, 400, problem(parsed.message))
    const type = parseObjectType(parsed.data.objectType)
    if (type === undefined) return sendJson(reply, 400, problem(`unknown object type ${parsed.data.objectType}`))
    const outcome = mergeRecords(state, type, parsed.data.primaryId, parsed.data.mergedId)
    if (!outcome.ok) return sendJson(reply, outcome.statusCode, problem(outcome.message))
    return sendJson(reply, 200, { id: outcome.record.id, properties: { ...outcome.record.properties } })
  })
}
