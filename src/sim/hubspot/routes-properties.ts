import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { batchAnswer } from './batch-response.ts'
import type { CrmState } from './crm-state.ts'
import { type StandardError, standardError } from './hubspot-error.ts'
import { MAX_BATCH_INPUTS } from './object-inputs.ts'
import { parseBody } from './parse-body.ts'
import { type PropertyDefinition, toPublicProperty } from './property-definition.ts'
import { checkPropertyCreate, propertyCreateSchema, propertyUpdateSchema } from './property-input.ts'
import { queryFlag } from './query-list.ts'
import { objectTypeOrReply, sendError } from './route-errors.ts'
import { sendJson } from './send-json.ts'

type TypeRoute = { Params: { objectType: string }; Querystring: Record<string, unknown> }
type PropertyRoute = { Params: { objectType: string; propertyName: string }; Querystring: Record<string, unknown> }

const batchCreateSchema = z.object({ inputs: z.array(propertyCreateSchema) })
const batchNamesSchema = z.object({ inputs: z.array(z.object({ name: z.string() })), archived: z.boolean().optional() })

/** Properties API v3: list, create (201, 409 when the name exists), read, update, archive, and the batch forms. */
export function registerPropertyRoutes(app: FastifyInstance, state: CrmState): void {
  app.get<TypeRoute>('/crm/v3/properties/:objectType', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const results = state.properties.list(type, queryFlag(request.query.archived)).map(toPublicProperty)
    return sendJson(reply, 200, { results })
  })

  app.post<TypeRoute>('/crm/v3/properties/:objectType', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const parsed = parseBody(propertyCreateSchema, request.body)
    if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
    const check = checkPropertyCreate(state.properties, type, parsed.data, state.now())
    if (!check.ok) return sendError(reply, state, check.statusCode, check.category, check.message)
    state.properties.put(type, check.definition)
    state.changed()
    reply.header('location', `/crm/v3/properties/${type}/${check.definition.name}`)
    return sendJson(reply, 201, toPublicProperty(check.definition))
  })

  app.get<PropertyRoute>('/crm/v3/properties/:objectType/:propertyName', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const definition = state.properties.find(type, request.params.propertyName)
    if (definition === undefined || definition.archived !== queryFlag(request.query.archived)) {
      return sendPropertyNotFound(reply, state, request.params.propertyName)
    }
    return sendJson(reply, 200, toPublicProperty(definition))
  })

  app.patch<PropertyRoute>('/crm/v3/properties/:objectType/:propertyName', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const definition = state.properties.get(type, request.params.propertyName)
    if (definition === undefined) return sendPropertyNotFound(reply, state, request.params.propertyName)
    const parsed = parseBody(propertyUpdateSchema, request.body)
    if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
    const update = parsed.data
    if (update.groupName !== undefined && state.properties.getGroup(type, update.groupName) === undefined) {
      return sendError(reply, state, 400, 'VALIDATION_ERROR', `Property group '${update.groupName}' does not exist`)
    }
    const next = {
      ...definition,
      ...(update.label === undefined ? {} : { label: update.label }),
      ...(update.description === undefined ? {} : { description: update.description }),
      ...(update.groupName === undefined ? {} : { groupName: update.groupName }),
      ...(update.displayOrder === undefined ? {} : { displayOrder: update.displayOrder }),
      ...(update.hidden === undefined ? {} : { hidden: update.hidden }),
      ...(update.formField === undefined ? {} : { formField: update.formField }),
      ...(update.options === undefined
        ? {}
        : {
            options: update.options.map((option, index) => ({
              label: option.label,
              value: option.value,
              hidden: option.hidden ?? false,
              displayOrder: option.displayOrder ?? index,
            })),
          }),
      updatedAt: state.now(),
    }
    state.properties.put(type, next)
    state.changed()
    return sendJson(reply, 200, toPublicProperty(next))
  })

  app.delete<PropertyRoute>('/crm/v3/properties/:objectType/:propertyName', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const definition = state.properties.get(type, request.params.propertyName)
    if (definition === undefined) return sendPropertyNotFound(reply, state, request.params.propertyName)
    if (definition.hubspotDefined) {
      return sendError(
        reply,
        state,
        400,
        'VALIDATION_ERROR',
        `HubSpot-defined property ${definition.name} cannot be archived`,
      )
    }
    const nowMs = state.now()
    state.properties.put(type, archivedDefinition(definition, nowMs))
    state.changed()
    return reply.code(204).send()
  })

  app.post<TypeRoute>('/crm/v3/properties/:objectType/batch/create', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const parsed = parseBody(batchCreateSchema, request.body)
    if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
    if (parsed.data.inputs.length > MAX_BATCH_INPUTS) {
      return sendError(reply, state, 400, 'VALIDATION_ERROR', `Batch input is over the limit of ${MAX_BATCH_INPUTS}`)
    }
    const startedAtMs = state.now()
    const results: unknown[] = []
    const errors: StandardError[] = []
    for (const input of parsed.data.inputs) {
      const check = checkPropertyCreate(state.properties, type, input, state.now())
      if (!check.ok) {
        errors.push(standardError(check.category, check.message, { name: [input.name] }))
        continue
      }
      state.properties.put(type, check.definition)
      results.push(toPublicProperty(check.definition))
    }
    state.changed()
    const answer = batchAnswer(201, results, errors, startedAtMs, state.now())
    return sendJson(reply, answer.statusCode, answer.body)
  })

  app.post<TypeRoute>('/crm/v3/properties/:objectType/batch/read', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const parsed = parseBody(batchNamesSchema, request.body)
    if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
    const startedAtMs = state.now()
    const archived = parsed.data.archived ?? false
    const results: unknown[] = []
    const missing: string[] = []
    for (const { name } of parsed.data.inputs) {
      const definition = state.properties.find(type, name)
      if (definition === undefined || definition.archived !== archived) missing.push(name)
      else results.push(toPublicProperty(definition))
    }
    const errors =
      missing.length === 0
        ? []
        : [standardError('OBJECT_NOT_FOUND', 'Some properties were not found', { names: missing })]
    const answer = batchAnswer(200, results, errors, startedAtMs, state.now())
    return sendJson(reply, answer.statusCode, answer.body)
  })

  app.post<TypeRoute>('/crm/v3/properties/:objectType/batch/archive', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const parsed = parseBody(batchNamesSchema, request.body)
    if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
    const nowMs = state.now()
    for (const { name } of parsed.data.inputs) {
      const definition = state.properties.get(type, name)
      if (definition !== undefined && !definition.hubspotDefined) {
        state.properties.put(type, archivedDefinition(definition, nowMs))
      }
    }
    state.changed()
    return reply.code(204).send()
  })
}

function sendPropertyNotFound(reply: FastifyReply, state: CrmState, propertyName: string): FastifyReply {
  return sendError(reply, state, 404, 'OBJECT_NOT_FOUND', `Unable to find property ${propertyName}`)
}

function archivedDefinition(definition: PropertyDefinition, nowMs: number): PropertyDefinition {
  return { ...definition, archived: true, archivedAt: nowMs, updatedAt: nowMs }
}
