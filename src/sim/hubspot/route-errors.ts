import type { FastifyReply } from 'fastify'
import type { CrmState } from './crm-state.ts'
import { errorBody, type HubspotErrorBody, type StandardError, standardError } from './hubspot-error.ts'
import { type ObjectType, objectTypeIds, objectTypeNames, parseObjectType } from './object-types.ts'
import { propertyProblemDetails, propertyProblemsMessage } from './property-problems.ts'
import type { WriteFailure } from './record-writes.ts'
import { sendJson } from './send-json.ts'

/** Sends a HubSpot error body with a fresh correlation id. */
export function sendError(
  reply: FastifyReply,
  state: CrmState,
  statusCode: number,
  category: string,
  message: string,
  extra: Partial<Pick<HubspotErrorBody, 'subCategory' | 'errors' | 'context'>> = {},
): FastifyReply {
  return sendJson(reply, statusCode, errorBody(state.newCorrelationId(), category, message, extra))
}

/** The object type of a path, or a 400 as HubSpot answers an object type it does not know. */
export function objectTypeOrReply(reply: FastifyReply, state: CrmState, raw: string): ObjectType | undefined {
  const type = parseObjectType(raw)
  if (type === undefined) sendError(reply, state, 400, 'VALIDATION_ERROR', `Unable to infer object type from: ${raw}`)
  return type
}

export function sendNotFound(reply: FastifyReply, state: CrmState): FastifyReply {
  // HubSpot's 404 bodies vary (some carry no category); the simulator always sends a full error body.
  return sendError(reply, state, 404, 'OBJECT_NOT_FOUND', 'resource not found')
}

export function conflictMessage(type: ObjectType, existingId: string): string {
  return `${objectTypeNames[type]} already exists. Existing ID: ${existingId}`
}

export function nonUniqueMessage(type: ObjectType): string {
  return `Unable to perform update/upsert by non-unique ${objectTypeIds[type]} property`
}

/** A refused single-record write as HubSpot answers it. */
export function sendWriteFailure(
  reply: FastifyReply,
  state: CrmState,
  type: ObjectType,
  failure: WriteFailure,
): FastifyReply {
  switch (failure.kind) {
    case 'validation':
      return sendError(
        reply,
        state,
        400,
        'VALIDATION_ERROR',
        propertyProblemsMessage(failure.problems, state.portalId),
        {
          errors: propertyProblemDetails(failure.problems),
        },
      )
    case 'conflict':
      return sendError(reply, state, 409, 'CONFLICT', conflictMessage(type, failure.existingId))
    case 'not_found':
      return sendNotFound(reply, state)
    case 'invalid_association':
      return sendError(reply, state, 400, 'VALIDATION_ERROR', failure.message)
    case 'non_unique_id_property':
      return sendError(reply, state, 400, 'VALIDATION_ERROR', nonUniqueMessage(type), {
        context: { propertyName: [failure.property] },
      })
  }
}

/** A refused write of one batch input, as an entry of a 207 answer's `errors`. */
export function batchInputError(
  state: CrmState,
  type: ObjectType,
  failure: WriteFailure,
  context: Record<string, string[]>,
): StandardError {
  switch (failure.kind) {
    case 'validation':
      return standardError(
        'VALIDATION_ERROR',
        propertyProblemsMessage(failure.problems, state.portalId),
        context,
        propertyProblemDetails(failure.problems),
      )
    case 'conflict':
      return standardError('CONFLICT', conflictMessage(type, failure.existingId), context)
    case 'not_found':
      return standardError('OBJECT_NOT_FOUND', `Object not found. objectId are usually numeric.`, context)
    case 'invalid_association':
      return standardError('VALIDATION_ERROR', failure.message, context)
    case 'non_unique_id_property':
      return standardError('VALIDATION_ERROR', nonUniqueMessage(type), context)
  }
}
