import type { FastifyInstance, FastifyReply } from 'fastify'
import type { CrmState } from './crm-state.ts'
import { parseBody } from './parse-body.ts'
import { propertyGroupCreateSchema } from './property-input.ts'
import { queryFlag } from './query-list.ts'
import { objectTypeOrReply, sendError } from './route-errors.ts'
import { sendJson } from './send-json.ts'

type TypeRoute = { Params: { objectType: string }; Querystring: Record<string, unknown> }
type GroupRoute = { Params: { objectType: string; groupName: string } }

const NAME = /^[a-z][a-z0-9_]{0,99}$/
const groupUpdateSchema = propertyGroupCreateSchema.omit({ name: true }).partial()

/** Property groups: list, create (201, 409 when the name exists), read, update, archive. */
export function registerPropertyGroupRoutes(app: FastifyInstance, state: CrmState): void {
  app.get<TypeRoute>('/crm/v3/properties/:objectType/groups', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    return sendJson(reply, 200, { results: state.properties.listGroups(type, queryFlag(request.query.archived)) })
  })

  app.post<TypeRoute>('/crm/v3/properties/:objectType/groups', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const parsed = parseBody(propertyGroupCreateSchema, request.body)
    if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
    const { name, label, displayOrder } = parsed.data
    if (state.properties.getGroup(type, name) !== undefined) {
      return sendError(reply, state, 409, 'OBJECT_ALREADY_EXISTS', `Property group named '${name}' already exists.`)
    }
    if (!NAME.test(name)) return sendError(reply, state, 400, 'VALIDATION_ERROR', `'${name}' is not a valid group name`)
    const group = { name, label, displayOrder: displayOrder ?? -1, archived: false }
    state.properties.putGroup(type, group)
    state.changed()
    return sendJson(reply, 201, group)
  })

  app.get<GroupRoute>('/crm/v3/properties/:objectType/groups/:groupName', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const group = state.properties.getGroup(type, request.params.groupName)
    if (group === undefined) return sendGroupNotFound(reply, state, request.params.groupName)
    return sendJson(reply, 200, group)
  })

  app.patch<GroupRoute>('/crm/v3/properties/:objectType/groups/:groupName', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const group = state.properties.getGroup(type, request.params.groupName)
    if (group === undefined) return sendGroupNotFound(reply, state, request.params.groupName)
    const parsed = parseBody(groupUpdateSchema, request.body)
    if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
    const next = {
      ...group,
      ...(parsed.data.label === undefined ? {} : { label: parsed.data.label }),
      ...(parsed.data.displayOrder === undefined ? {} : { displayOrder: parsed.data.displayOrder }),
    }
    state.properties.putGroup(type, next)
    state.changed()
    return sendJson(reply, 200, next)
  })

  app.delete<GroupRoute>('/crm/v3/properties/:objectType/groups/:groupName', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const group = state.properties.getGroup(type, request.params.groupName)
    if (group !== undefined) {
      state.properties.putGroup(type, { ...group, archived: true })
      state.changed()
    }
    return reply.code(204).send()
  })
}

function sendGroupNotFound(reply: FastifyReply, state: CrmState, groupName: string): FastifyReply {
  return sendError(reply, state, 404, 'OBJECT_NOT_FOUND', `Unable to find property group ${groupName}`)
}
