import type { FastifyReply } from 'fastify'
import type { CrmState } from './crm-state.ts'
import type { ObjectType } from './object-types.ts'
import { sendError } from './route-errors.ts'

/** The 400 HubSpot answers a default association between two object types that have none. */
export function sendNoDefaultAssociation(
  reply: FastifyReply,
  state: CrmState,
  types: [ObjectType, ObjectType],
): FastifyReply {
  return sendError(reply, state, 400, 'VALIDATION_ERROR', `No default association from ${types[0]} to ${types[1]}`)
}
