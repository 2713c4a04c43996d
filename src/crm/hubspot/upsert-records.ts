import { COMPANY_ID_PROPERTY } from '../../scoring/compiled-model.ts'
import type { CrmObjectType, OutboxEntry } from '../../storage/store.ts'
import { recordKey, splitInHalves } from './batch-plan.ts'
import { attributeErrors, classifyRefusal, type InputRefusal } from './input-errors.ts'
import type { Answer, PortalCaller } from './portal-caller.ts'
import { matchResults, objectBatchSchema } from './upsert-response.ts'

/** What HubSpot made of each entry of a batch. */
export interface UpsertOutcome {
  /** Entity id → HubSpot record id, for the entries HubSpot confirmed. */
  synced: Map<string, string>
  /** Entity ids of the confirmed entries whose record HubSpot created (`new: true`) rather than updated. */
  created: Set<string>
  /** Entity id → HubSpot's reason, for the entries refused for good. */
  refused: Map<string, string>
  /** Entries to send again later. */
  pending: Set<string>
  /** The failure that left entries pending, for the back-off. */
  failure: Extract<Answer, { kind: 'transient' }> | undefined
  /** HubSpot lacks a property: provision again before retrying. */
  missingProperty: boolean
  /** How many records the batch upsert calls HubSpot answered carried. */
  recordsSent: number
}

/** The id property HubSpot upserts each object type by. */
export const idPropertyOf: Record<CrmObjectType, string> = { contacts: 'email', companies: COMPANY_ID_PROPERTY }

/** A batch upsert input: contacts by email, companies by `product_account_id` (which is also set). */
export function upsertInput(objectType: CrmObjectType, entry: Pick<OutboxEntry, 'idValue' | 'properties'>) {
  const properties =
    objectType === 'companies' ? { ...entry.properties, [COMPANY_ID_PROPERTY]: entry.idValue } : { ...entry.properties }
  return { id: entry.idValue, idProperty: idPropertyOf[objectType], properties }
}

/**
 * Upserts up to 100 entries of one object type in one call. A 207 names the refused inputs; a batch refused as a
 * whole (400) is halved until the refused record is alone (bisection), so the others still go through. A
 * transient failure stops there and leaves the rest pending.
 */
export async function upsertRecords(
  caller: PortalCaller,
  objectType: CrmObjectType,
  entries: readonly OutboxEntry[],
): Promise<UpsertOutcome> {
  const outcome: UpsertOutcome = {
    synced: new Map(),
    created: new Set(),
    refused: new Map(),
    pending: new Set(),
    failure: undefined,
    missingProperty: false,
    recordsSent: 0,
  }
  const queue: OutboxEntry[][] = [[...entries]]
  for (let part = queue.shift(); part !== undefined; part = queue.shift()) {
    if (part.length === 0) continue
    const answer = await caller.call(
      {
        method: 'POST',
        path: `/crm/v3/objects/${objectType}/batch/upsert`,
        body: { inputs: part.map((entry) => upsertInput(objectType, entry)) },
      },
      `upsert ${part.length} ${objectType}`,
    )
    if (answer.kind === 'ok') {
      outcome.recordsSent += part.length
      await takeResults(caller, objectType, part, answer.body, outcome)
      continue
    }
    if (answer.kind === 'refused') {
      const refusal = classifyRefusal(answer.error, answer.status)
      if (refusal.kind === 'missing_property') {
        outcome.missingProperty = true
        for (const entry of [part, ...queue].flat()) outcome.pending.add(entry.entityId)
        return outcome
      }
      if (part.length === 1 && part[0] !== undefined) outcome.refused.set(part[0].entityId, refusal.reason)
      else queue.unshift(...splitInHalves(part))
      continue
    }
    for (const entry of [part, ...queue].flat()) outcome.pending.add(entry.entityId)
    if (answer.kind === 'transient') outcome.failure = answer
    return outcome
  }
  return outcome
}

async function takeResults(
  caller: PortalCaller,
  objectType: CrmObjectType,
  part: readonly OutboxEntry[],
  body: unknown,
  outcome: UpsertOutcome,
): Promise<void> {
  const parsed = objectBatchSchema.safeParse(body)
  const keyOf = (entry: OutboxEntry) => recordKey(objectType, entry.idValue)
  const keys = new Set(part.map(keyOf))
  const ids = parsed.success ? matchResults(objectType, [...keys], parsed.data.results) : new Map<string, string>()
  const refusals = parsed.success ? attributeErrors(objectType, keys, parsed.data.errors ?? []) : new Map()
  const createdResults = parsed.success ? parsed.data.results.filter((result) => result.new === true) : []
  const created = matchResults(objectType, [...keys], createdResults)
  const unmatched = part.filter((entry) => !ids.has(keyOf(entry)) && !refusals.has(keyOf(entry)))
  if (unmatched.length > 0) {
    // Results that cannot be told apart by their id property (e.g. a contact found by a secondary email when
    // HubSpot does not list it): ask for those records' ids directly.
    for (const [key, id] of (await readIds(caller, objectType, unmatched.map(keyOf))) ?? []) ids.set(key, id)
  }
  for (const entry of part) {
    const key = keyOf(entry)
    const refusal: InputRefusal | undefined = refusals.get(key)
    const id = ids.get(key)
    if (refusal?.kind === 'permanent') outcome.refused.set(entry.entityId, refusal.reason)
    else if (refusal === undefined && id !== undefined) {
      outcome.synced.set(entry.entityId, id)
      if (created.has(key)) outcome.created.add(entry.entityId)
    } else {
      if (refusal?.kind === 'missing_property') outcome.missingProperty = true
      outcome.pending.add(entry.entityId)
    }
  }
}

/**
 * Record ids by id-property value (batch read), for records an answer did not identify; a value HubSpot holds no
 * record of is left out. Undefined when HubSpot did not answer the read.
 */
export async function readIds(
  caller: PortalCaller,
  objectType: CrmObjectType,
  keys: readonly string[],
): Promise<Map<string, string> | undefined> {
  if (keys.length === 0) return new Map()
  const idProperty = idPropertyOf[objectType]
  const answer = await caller.call(
    {
      method: 'POST',
      path: `/crm/v3/objects/${objectType}/batch/read`,
      body: {
        idProperty,
        inputs: keys.map((id) => ({ id })),
        properties: objectType === 'contacts' ? ['email', 'hs_additional_emails'] : [idProperty],
      },
    },
    `read ${keys.length} ${objectType} ids`,
  )
  // A read where no value is held may be answered 404 rather than 207.
  if (answer.kind === 'refused' && answer.status === 404) return new Map()
  if (answer.kind !== 'ok') return undefined
  const parsed = objectBatchSchema.safeParse(answer.body)
  return parsed.success ? matchResults(objectType, keys, parsed.data.results) : undefined
}
