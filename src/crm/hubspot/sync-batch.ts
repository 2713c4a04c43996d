import type { CrmObjectType, OutboxEntry, Store } from '../../storage/store.ts'
import { type AssociationRequest, associateContacts } from './associate-contacts.ts'
import { entryKey } from './batch-plan.ts'
import type { Answer, PortalCaller } from './portal-caller.ts'
import type { PropertyCatalog } from './provision-properties.ts'
import type { SyncMetrics } from './sync-metrics.ts'
import { upsertRecords } from './upsert-records.ts'
import { valueProblem } from './validate-value.ts'

export interface BatchContext {
  caller: PortalCaller
  store: Store
  catalog: PropertyCatalog
  now: () => number
  log: (line: string) => void
  metrics: SyncMetrics
  /** Failures HubSpot gave no reason for, per entry key: after a few, the entry is a dead letter. */
  unexplained: Map<string, number>
  /** Puts whole records back in the outbox (all their properties), for records HubSpot no longer held. */
  resend: (objectType: CrmObjectType, entityIds: readonly string[]) => Promise<number>
}

export interface BatchResult {
  failure: Extract<Answer, { kind: 'transient' }> | undefined
  missingProperty: boolean
}

/** Unconfirmed attempts without a reason (no error, no outage) before an entry is moved to the dead letters. */
const MAX_UNEXPLAINED = 5

/** Why a value cannot be sent, checked against the property definitions read from HubSpot; undefined when fine. */
export function entryProblem(
  catalog: PropertyCatalog,
  entry: Pick<OutboxEntry, 'objectType' | 'properties'>,
): string | undefined {
  const problems: string[] = []
  for (const [name, value] of Object.entries(entry.properties)) {
    const property = catalog[entry.objectType].get(name)
    if (property === undefined) problems.push(`property ${name} is not one upscore provisions in HubSpot`)
    else {
      const problem = valueProblem(property, value)
      if (problem !== undefined) problems.push(problem)
    }
  }
  return problems.length === 0 ? undefined : `invalid before sending: ${problems.join('; ')}`
}

/**
 * Sends one batch of one object type and settles every entry: confirmed at the version sent once HubSpot confirmed
 * it (and, for a contact, its company association), moved to the dead letters with the reason when refused for
 * good, or left pending (attempt counted) to be sent again.
 */
export async function syncBatch(
  ctx: BatchContext,
  objectType: CrmObjectType,
  entries: readonly OutboxEntry[],
): Promise<BatchResult> {
  const { store, now, metrics } = ctx
  const refused = new Map<string, string>()
  const valid: OutboxEntry[] = []
  for (const entry of entries) {
    const problem = entryProblem(ctx.catalog, entry)
    if (problem === undefined) valid.push(entry)
    else refused.set(entry.entityId, problem)
  }
  const upserted = await upsertRecords(ctx.caller, objectType, valid)
  metrics.recordSent(upserted.recordsSent)
  for (const [entityId, reason] of upserted.refused) refused.set(entityId, reason)
  let failure = upserted.failure
  await saveIds(ctx, objectType, upserted.synced, upserted.created)

  const done = new Set(upserted.synced.keys())
  const pending = new Set(upserted.pending)
  if (objectType === 'contacts') {
    const requests: AssociationRequest[] = []
    for (const entry of valid) {
      const contactId = upserted.synced.get(entry.entityId)
      if (contactId !== undefined && entry.companyId !== undefined) {
        requests.push({ entityId: entry.entityId, contactId, groupId: entry.companyId })
      }
    }
    const resendCompanies = (groupIds: readonly string[]) => ctx.resend('companies', groupIds)
    const associated = await associateContacts(ctx.caller, { store, resendCompanies, log: ctx.log }, requests)
    failure ??= associated.failure
    for (const r of requests) {
      if (!associated.done.has(r.entityId)) {
        done.delete(r.entityId)
        pending.add(r.entityId)
      }
    }
  }

  const byId = new Map(entries.map((entry) => [entry.entityId, entry]))
  const confirmed = [...done].flatMap((id) => byId.get(id) ?? [])
  await store.confirmOutbox(confirmed)
  metrics.recordConfirmed(confirmed.map((entry) => Math.max(0, now() - entry.firstChangedAtMs)))
  for (const entry of confirmed) ctx.unexplained.delete(entryKey(entry))

  const stillPending = [...pending].flatMap((id) => byId.get(id) ?? [])
  if (stillPending.length > 0) await store.failOutbox(stillPending)
  if (failure === undefined && !upserted.missingProperty) {
    for (const entry of stillPending) {
      const count = (ctx.unexplained.get(entryKey(entry)) ?? 0) + 1
      ctx.unexplained.set(entryKey(entry), count)
      if (count >= MAX_UNEXPLAINED) {
        refused.set(entry.entityId, `HubSpot did not confirm this record in ${count} attempts, without an error`)
      }
    }
  }
  for (const [entityId, reason] of refused) {
    const entry = byId.get(entityId)
    if (entry === undefined) continue
    ctx.log(`HubSpot refused ${objectType} ${entry.idValue} for good; moved to the dead letters: ${reason}`)
    await store.deadLetter(entry, reason, now())
    ctx.unexplained.delete(entryKey(entry))
  }
  metrics.recordDeadLetters(refused.size)
  return { failure, missingProperty: upserted.missingProperty }
}

/**
 * Saves HubSpot's ids. An id that differs from the stored one means HubSpot merged the record into another, or, when
 * HubSpot says it created the record, that the one upscore had synced is gone (deleted in HubSpot): then the change
 * just sent holds only what changed, so the whole record is sent again.
 */
async function saveIds(
  ctx: BatchContext,
  objectType: CrmObjectType,
  synced: Map<string, string>,
  created: ReadonlySet<string>,
): Promise<void> {
  if (synced.size === 0) return
  const stored = await ctx.store.crmIds(objectType, [...synced.keys()])
  const changed: { entityId: string; crmId: string }[] = []
  const recreated: string[] = []
  for (const [entityId, crmId] of synced) {
    const before = stored.get(entityId)
    if (before === crmId) continue
    if (before !== undefined && created.has(entityId)) recreated.push(entityId)
    else if (before !== undefined)
      ctx.log(`HubSpot: ${objectType} ${entityId} now answers as record ${crmId} (was ${before}): merged`)
    changed.push({ entityId, crmId })
  }
  if (changed.length > 0) await ctx.store.saveCrmIds(objectType, changed)
  if (recreated.length === 0) return
  const resent = await ctx.resend(objectType, recreated)
  ctx.log(
    `HubSpot no longer held ${recreated.length} ${objectType} upscore had synced (deleted there?): created again, ` +
      `and ${resent} sent again whole`,
  )
}
