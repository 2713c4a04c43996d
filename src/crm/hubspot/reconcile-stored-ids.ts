import type { CompiledModel } from '../../scoring/compiled-model.ts'
import type { CrmObjectType, Store } from '../../storage/store.ts'
import { resendAllRecords } from '../resend-records.ts'
import { recordKey } from './batch-plan.ts'
import type { Answer, PortalCaller } from './portal-caller.ts'
import { idPropertyOf } from './upsert-records.ts'
import { matchResults, objectBatchSchema } from './upsert-response.ts'

/** How many stored ids of each object type are looked up. */
const SAMPLE_SIZE = 100

type CachedIdsCheck =
  /** No stored ids, or HubSpot holds records upscore synced: the stored ids stand. */
  | { kind: 'held'; sampled: number; found: number }
  /** HubSpot holds none of the records looked up: another portal, or one emptied (a fresh simulator). */
  | { kind: 'gone'; sampled: number }
  /** The look-up failed (an outage, a refused token): try again later. */
  | { kind: 'failed'; answer: Exclude<Answer, { kind: 'ok' }> }

/**
 * Checks that the HubSpot record ids upscore stored still name its records in the portal it writes to now. A sample
 * of them is read by id (batch read), and a record counts as held when it still carries the value upscore keys it
 * by (the email, or `product_account_id`): an id of another portal may name a record there, but another one.
 */
async function checkCachedIds(
  caller: PortalCaller,
  store: Pick<Store, 'someCrmIds' | 'loadContacts'>,
): Promise<CachedIdsCheck> {
  let sampled = 0
  let found = 0
  for (const objectType of ['companies', 'contacts'] as const) {
    const ids = await store.someCrmIds(objectType, SAMPLE_SIZE)
    const keys = await keysOf(store, objectType, ids)
    if (keys.size === 0) continue
    const answer = await caller.call(
      {
        method: 'POST',
        path: `/crm/v3/objects/${objectType}/batch/read`,
        body: {
          inputs: [...keys.keys()].map((id) => ({ id })),
          properties: objectType === 'contacts' ? ['email', 'hs_additional_emails'] : [idPropertyOf[objectType]],
        },
      },
      `check ${keys.size} stored ${objectType} ids`,
    )
    // A batch read where every id is unknown may be answered 404 rather than 207: none held.
    if (answer.kind === 'refused' && answer.status === 404) {
      sampled += keys.size
      continue
    }
    if (answer.kind !== 'ok') return { kind: 'failed', answer }
    const parsed = objectBatchSchema.safeParse(answer.body)
    const results = parsed.success ? parsed.data.results : []
    sampled += keys.size
    found += matchResults(objectType, [...new Set(keys.values())], results).size
  }
  return sampled > 0 && found === 0 ? { kind: 'gone', sampled } : { kind: 'held', sampled, found }
}

/** Stored record id → the key its record must still carry (contacts without an email now are left out). */
async function keysOf(
  store: Pick<Store, 'loadContacts'>,
  objectType: CrmObjectType,
  ids: readonly { entityId: string; crmId: string }[],
): Promise<Map<string, string>> {
  if (objectType === 'companies') return new Map(ids.map(({ entityId, crmId }) => [crmId, entityId]))
  const emails = new Map(
    (await store.loadContacts(ids.map((id) => id.entityId))).map((contact) => [contact.id, contact.email]),
  )
  const keys = new Map<string, string>()
  for (const { entityId, crmId } of ids) {
    const email = emails.get(entityId)
    if (email !== undefined) keys.set(crmId, recordKey('contacts', email))
  }
  return keys
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

/**
 * At start, before any batch: the HubSpot record ids stored by an earlier run must name upscore's records in the
 * portal written to now. When they name none (another portal, or a new simulator), they are forgotten and every
 * record is sent again, whole: the portal has none of them, and only the records that change would reach it
 * otherwise. Answers `done`, or the failure to back off from before checking again.
 */
export async function reconcileStoredIds(deps: {
  caller: PortalCaller
  store: Store
  model: CompiledModel
  now: () => number
  log: (line: string) => void
}): Promise<{ kind: 'done' } | Extract<Answer, { kind: 'transient' | 'stopped' }>> {
  const { store, log } = deps
  const checked = await checkCachedIds(deps.caller, store)
  if (checked.kind === 'failed') {
    const { answer } = checked
    if (answer.kind === 'stopped' || answer.kind === 'transient') return answer
    log(`HubSpot: could not check the stored record ids (HubSpot answered ${answer.status}); keeping them`)
    return { kind: 'done' }
  }
  if (checked.kind === 'gone') {
    await store.forgetCrmIds('companies')
    await store.forgetCrmIds('contacts')
    const sent = await resendAllRecords(store, deps.model, deps.now())
    log(
      `HubSpot holds none of the records upscore synced before (${count(checked.sampled, 'record')} looked up): ` +
        'another portal, or a new simulator. Their stored ids are forgotten, and ' +
        `all ${count(sent.contacts, 'contact')} and ${count(sent.companies, 'company', 'companies')} are sent again`,
    )
  }
  return { kind: 'done' }
}
