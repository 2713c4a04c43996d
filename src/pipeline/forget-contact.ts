import { setMember } from '../properties/entity-state.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import type { ContactRecord } from '../storage/records.ts'
import type { ErasureCounts, IdentityLink, Store } from '../storage/store.ts'
import { rescore } from './rescore.ts'
import { emptyWorkingSet, loadContacts } from './working-set.ts'

/** Links or events looked at per read, by default; requests get their turn between two. */
const PAGE = 5_000

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve))

export interface ForgottenContact {
  contactId: string
  /** The company re-scored without the contact, if it belonged to one. */
  companyId: string | undefined
  counts: ErasureCounts
}

/** Every link that names the contact, and those its own ids would have if none were stored (they name it anyway). */
async function linksNaming(store: Store, contact: ContactRecord, pageSize: number): Promise<IdentityLink[]> {
  const links: IdentityLink[] = []
  for (let afterKey: string | null = ''; afterKey !== null; ) {
    const page = await store.identityLinksNaming(contact.id, afterKey, pageSize)
    links.push(...page.links)
    afterKey = page.nextAfterKey
    await yieldToIo()
  }
  const own: IdentityLink[] = [
    ...(contact.userId === undefined ? [] : [{ kind: 'user' as const, value: contact.userId, contactId: contact.id }]),
    ...(contact.id.startsWith('anon:')
      ? [{ kind: 'anon' as const, value: contact.id.slice(5), contactId: contact.id }]
      : []),
  ]
  for (const link of own) {
    if (!links.some((l) => l.kind === link.kind && l.value === link.value)) links.push(link)
  }
  return links
}

/**
 * The events of those ids, scanning the log in pages until a page is not full: the transaction then finds those
 * stored after the scan, which are few.
 */
async function eventsNaming(store: Store, links: readonly IdentityLink[], pageSize: number) {
  const seqs: number[] = []
  let after = 0
  for (;;) {
    const page = await store.eventSeqsNaming(links, after, pageSize)
    seqs.push(...page.seqs)
    if (page.nextAfterSeq === null) return { seqs, scannedThroughSeq: page.throughSeq }
    after = page.nextAfterSeq
    await yieldToIo()
  }
}

/**
 * Forgets a contact (a GDPR erasure): every id that named it, every event of those ids, its score history, its pending
 * CRM change, dead letters and CRM id; and re-scores its company without its share (active users, roll-ups) through
 * the processing path, with cause `forget`, so history, the outbox and HubSpot get the company's new values (and its
 * members' when those move). All of it in one transaction. Run it only while processing is paused: the processor
 * is the single writer of entity state.
 */
export async function forgetContact(
  store: Store,
  model: CompiledModel,
  contact: ContactRecord,
  nowMs: number,
  options: { pageSize?: number } = {},
): Promise<ForgottenContact> {
  const pageSize = options.pageSize ?? PAGE
  const links = await linksNaming(store, contact, pageSize)
  const { seqs, scannedThroughSeq } = await eventsNaming(store, links, pageSize)
  const ws = emptyWorkingSet()
  await loadContacts(store, ws, [contact.id])
  const companyId = ws.contacts.get(contact.id)?.companyId
  const company = companyId === undefined ? undefined : ws.companies.get(companyId)
  if (company?.before !== undefined && setMember(company.state, contact.id, undefined)) {
    ws.touchedCompanies.add(company.id)
  }
  ws.deletedContacts.add(contact.id)
  const { commit } = await rescore(store, model, ws, 'forget', nowMs)
  const counts = await store.forgetContact({ contactId: contact.id, links, eventSeqs: seqs, scannedThroughSeq }, commit)
  return { contactId: contact.id, companyId, counts }
}
