import { ownValue } from '../../data-record.ts'
import type { CrmRecord } from './crm-record.ts'
import type { CrmState } from './crm-state.ts'
import { createdProperty, lastModifiedProperty } from './default-properties.ts'
import type { ObjectType } from './object-types.ts'

export type MergeOutcome = { ok: true; record: CrmRecord } | { ok: false; statusCode: 400 | 404; message: string }

const ADDITIONAL_EMAILS = 'hs_additional_emails'
const MERGED_IDS = 'hs_merged_object_ids'

/**
 * Merges `mergedId` into `primaryId` as HubSpot does: the primary keeps its id and its values, takes the values it
 * lacks from the other record, takes over its associations, lists the merged id in `hs_merged_object_ids`, and (for
 * contacts) keeps the other record's email addresses as secondary emails. Afterwards the merged id reads as the
 * primary record. (Whether HubSpot now gives the merged record a new id instead is unverified; the simulator keeps
 * the primary's.)
 */
export function mergeRecords(state: CrmState, type: ObjectType, primaryId: string, mergedId: string): MergeOutcome {
  if (type === 'tasks') return { ok: false, statusCode: 400, message: 'Tasks cannot be merged' }
  const primary = state.records.get(type, primaryId)
  const merged = state.records.get(type, mergedId)
  if (primary === undefined || merged === undefined) {
    return {
      ok: false,
      statusCode: 404,
      message: `No ${type} record with id ${primary === undefined ? primaryId : mergedId}`,
    }
  }
  if (primary.id === merged.id) return { ok: false, statusCode: 400, message: 'A record cannot be merged with itself' }

  const own = new Set([
    'hs_object_id',
    createdProperty[type],
    lastModifiedProperty[type],
    'email',
    ADDITIONAL_EMAILS,
    MERGED_IDS,
  ])
  const values: Record<string, string> = {}
  for (const [name, value] of Object.entries(merged.properties)) {
    if (!own.has(name) && ownValue(primary.properties, name) === undefined) values[name] = value
  }
  values[MERGED_IDS] = joinUnique([primary.properties[MERGED_IDS], merged.id, merged.properties[MERGED_IDS]])
  if (type === 'contacts') {
    const primaryEmail = primary.properties.email
    const emails = joinUnique([
      primary.properties[ADDITIONAL_EMAILS],
      merged.properties.email,
      merged.properties[ADDITIONAL_EMAILS],
    ])
    values[ADDITIONAL_EMAILS] = emails
      .split(';')
      .filter((email) => email !== primaryEmail)
      .join(';')
  }
  const nowMs = state.now()
  values[lastModifiedProperty[type]] = new Date(nowMs).toISOString()
  // Retire the merged record first, so its unique values are free for the primary to take.
  state.records.retireMerged(type, merged.id, primary.id)
  state.records.write(type, primary, values)
  primary.updatedAt = nowMs
  state.associations.moveAll(type, merged.id, primary.id)
  state.changed()
  return { ok: true, record: primary }
}

function joinUnique(lists: readonly (string | undefined)[]): string {
  const all = lists.flatMap((list) => (list ?? '').split(';')).filter((item) => item !== '')
  return [...new Set(all)].join(';')
}
