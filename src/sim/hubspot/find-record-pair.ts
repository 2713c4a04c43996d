import type { CrmRecord } from './crm-record.ts'
import type { CrmState } from './crm-state.ts'
import { type StandardError, standardError } from './hubspot-error.ts'
import type { ObjectType } from './object-types.ts'

/** Both records of a batch association input, or the error of the input naming the first one that does not exist. */
export function findRecordPair(
  state: CrmState,
  types: [ObjectType, ObjectType],
  fromId: string,
  toId: string,
): { ok: true; from: CrmRecord; to: CrmRecord } | { ok: false; error: StandardError } {
  const from = state.records.get(types[0], fromId)
  const to = state.records.get(types[1], toId)
  if (from !== undefined && to !== undefined) return { ok: true, from, to }
  const [type, id] = from === undefined ? [types[0], fromId] : [types[1], toId]
  const error = standardError('VALIDATION_ERROR', `No ${type} record with id ${id} exists`, {
    fromObjectId: [fromId],
    toObjectId: [toId],
  })
  return { ok: false, error }
}
