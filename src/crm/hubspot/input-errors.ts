import type { CrmObjectType } from '../../storage/store.ts'
import { recordKey } from './batch-plan.ts'
import { describeHubspotError, type HubspotError } from './hubspot-error.ts'

/** What to do with a record HubSpot refused: give up on it, retry it later, or create properties first. */
export type RefusalKind = 'permanent' | 'transient' | 'missing_property'

export interface InputRefusal {
  kind: RefusalKind
  reason: string
}

const permanentCategories = new Set([
  'VALIDATION_ERROR',
  'CONFLICT',
  'OBJECT_ALREADY_EXISTS',
  'INVALID_EMAIL',
  'INVALID_PARAMS',
  'BAD_REQUEST',
])

/** Sorts one error of a 207 (or the body of a refused single record) by what the sync should do with it. */
export function classifyRefusal(error: HubspotError, status?: number): InputRefusal {
  const reason = describeHubspotError(error, status)
  const codes = (error.errors ?? []).map((detail) => detail.code ?? '')
  if (codes.includes('PROPERTY_DOESNT_EXIST') || /PROPERTY_DOESNT_EXIST/.test(error.message ?? '')) {
    return { kind: 'missing_property', reason }
  }
  if (permanentCategories.has(error.category ?? '')) return { kind: 'permanent', reason }
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return { kind: 'permanent', reason }
  }
  return { kind: 'transient', reason }
}

/** The refusals of a 207 by the record key they name (`context.ids`); errors naming no known input are dropped. */
export function attributeErrors(
  objectType: CrmObjectType,
  keys: ReadonlySet<string>,
  errors: readonly HubspotError[],
): Map<string, InputRefusal> {
  const byKey = new Map<string, InputRefusal>()
  for (const error of errors) {
    const refusal = classifyRefusal(error)
    for (const id of [...(error.context?.ids ?? []), ...(error.context?.id ?? [])]) {
      const key = recordKey(objectType, id)
      if (keys.has(key)) byKey.set(key, refusal)
    }
  }
  return byKey
}
