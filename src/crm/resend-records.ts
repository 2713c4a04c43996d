import type { CompiledModel } from '../scoring/compiled-model.ts'
import type { CompanyRecord, ContactRecord } from '../storage/records.ts'
import type { CrmObjectType, OutboxChange, Store } from '../storage/store.ts'
import { companyCrmValues, crmValuesOf } from './crm-values.ts'

/** Contacts read per page when every record is sent again. */
const PAGE_SIZE = 500

type Change = OutboxChange & { underPending: true }

/** A contact's whole CRM record as it is now (every property, and its company to associate); none without email. */
export function contactResend(model: CompiledModel, contact: ContactRecord, nowMs: number): Change | undefined {
  if (contact.email === undefined) return undefined
  return {
    objectType: 'contacts',
    entityId: contact.id,
    idValue: contact.email,
    properties: crmValuesOf(model, 'contacts', contact.values, contact.scores),
    ...(contact.companyId === undefined ? {} : { companyId: contact.companyId }),
    changedAtMs: nowMs,
    // Beneath any pending change: that one was merged after these values were read, so it is the newer.
    underPending: true,
  }
}

/** A company's whole CRM record as it is now. */
export function companyResend(model: CompiledModel, company: CompanyRecord, nowMs: number): Change {
  return {
    objectType: 'companies',
    entityId: company.id,
    idValue: company.id,
    properties: companyCrmValues(model, company),
    changedAtMs: nowMs,
    underPending: true,
  }
}

/**
 * Puts whole records back in the outbox (every CRM property, and a contact's company), for records HubSpot no longer
 * holds: they were deleted there, or upscore now writes to another portal. Returns how many went back.
 */
export async function resendRecords(
  store: Store,
  model: CompiledModel,
  objectType: CrmObjectType,
  entityIds: readonly string[],
  nowMs: number,
): Promise<number> {
  if (entityIds.length === 0) return 0
  const changes =
    objectType === 'contacts'
      ? (await store.loadContacts(entityIds)).flatMap((contact) => contactResend(model, contact, nowMs) ?? [])
      : (await store.loadCompanies(entityIds)).map((company) => companyResend(model, company, nowMs))
  await store.requeueDeadLetters([], changes)
  return changes.length
}

/** Puts every company and every contact with an email back in the outbox, whole, page by page. */
export async function resendAllRecords(
  store: Store,
  model: CompiledModel,
  nowMs: number,
): Promise<{ contacts: number; companies: number }> {
  let companies = 0
  for (let after = ''; ; ) {
    const ids = await store.listEntityIds('company', after, PAGE_SIZE)
    if (ids.length === 0) break
    companies += await resendRecords(store, model, 'companies', ids, nowMs)
    after = ids.at(-1) ?? after
  }
  let contacts = 0
  for (let cursor = ''; ; ) {
    const page = await store.scanContacts(cursor, PAGE_SIZE)
    if (page.contacts.length === 0) break
    const changes = page.contacts.flatMap((contact) => contactResend(model, contact, nowMs) ?? [])
    await store.requeueDeadLetters([], changes)
    contacts += changes.length
    cursor = page.cursor
  }
  return { contacts, companies }
}
