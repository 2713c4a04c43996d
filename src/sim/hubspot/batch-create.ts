import { batchAnswer } from './batch-response.ts'
import type { CrmState } from './crm-state.ts'
import { errorBody, type StandardError } from './hubspot-error.ts'
import type { ObjectType } from './object-types.ts'
import { propertyProblemDetails, propertyProblemsMessage } from './property-problems.ts'
import { toPublicObject } from './record-view.ts'
import { commitCreate, type InlineAssociation, type PreparedCreate, prepareCreate } from './record-writes.ts'
import { batchInputError, conflictMessage } from './route-errors.ts'

export type BatchCreateInput = {
  properties: Record<string, unknown>
  associations?: InlineAssociation[] | undefined
  objectWriteTraceId?: string | undefined
}

/**
 * `batch/create`. HubSpot documents multi-status for batch create as opt-in: only when every input carries an
 * `objectWriteTraceId` do failing inputs become 207 errors beside the created records. Otherwise one bad input fails
 * the whole request and nothing is created: 400 for invalid values, 409 for the first unique value already taken.
 */
export function batchCreate(
  state: CrmState,
  type: ObjectType,
  inputs: readonly BatchCreateInput[],
): { statusCode: number; body: unknown } {
  const startedAtMs = state.now()
  const traced = inputs.length > 0 && inputs.every((input) => input.objectWriteTraceId !== undefined)
  if (traced) {
    const results: unknown[] = []
    const errors: StandardError[] = []
    for (const input of inputs) {
      const trace = { objectWriteTraceId: [input.objectWriteTraceId ?? ''] }
      const checked = prepareCreate(state, type, input.properties, input.associations)
      if (!checked.ok) {
        errors.push(batchInputError(state, type, checked, trace))
        continue
      }
      const outcome = commitCreate(state, type, checked.prepared)
      if (outcome.ok) {
        results.push({
          ...toPublicObject(outcome.record, type, state.properties),
          objectWriteTraceId: input.objectWriteTraceId,
        })
      }
    }
    return batchAnswer(201, results, errors, startedAtMs, state.now())
  }

  const prepared: PreparedCreate[] = []
  const claimed = new Set<string>()
  for (const input of inputs) {
    const checked = prepareCreate(state, type, input.properties, input.associations)
    if (!checked.ok) {
      switch (checked.kind) {
        case 'validation':
          return fail(state, 400, 'VALIDATION_ERROR', propertyProblemsMessage(checked.problems, state.portalId), {
            errors: propertyProblemDetails(checked.problems),
          })
        case 'conflict':
          return fail(state, 409, 'CONFLICT', conflictMessage(type, checked.existingId))
        default:
          return fail(state, 400, 'VALIDATION_ERROR', batchInputError(state, type, checked, {}).message)
      }
    }
    // Two inputs claiming one unique value would make the second a conflict after the first is written.
    for (const [name, value] of Object.entries(checked.prepared.values)) {
      if (value === '' || !state.properties.isUnique(type, name)) continue
      const key = `${name}\u0000${name === 'email' ? value.toLowerCase() : value}`
      if (claimed.has(key)) {
        return fail(
          state,
          400,
          'VALIDATION_ERROR',
          `Duplicate value for unique property ${name} in batch input: ${value}`,
        )
      }
      claimed.add(key)
    }
    prepared.push(checked.prepared)
  }
  const results: unknown[] = []
  for (const one of prepared) {
    const outcome = commitCreate(state, type, one)
    if (outcome.ok) results.push(toPublicObject(outcome.record, type, state.properties))
  }
  return batchAnswer(201, results, [], startedAtMs, state.now())
}

function fail(
  state: CrmState,
  statusCode: number,
  category: string,
  message: string,
  extra: Parameters<typeof errorBody>[3] = {},
): { statusCode: number; body: unknown } {
  return { statusCode, body: errorBody(state.newCorrelationId(), category, message, extra) }
}
