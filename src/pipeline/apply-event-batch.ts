import type { Event, StoredEvent } from '../events/event.ts'
import { toWellFormed } from '../events/well-formed-text.ts'
import { planIdentities } from '../identity/plan-identities.ts'
import { applyEvent, mergeEntityStates, setMember } from '../properties/entity-state.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import type { IdentityLink, Store } from '../storage/store.ts'
import { knownIdentities } from './known-identities.ts'
import { addEvents, noteEvent } from './step-events.ts'
import { emptyWorkingSet, loadCompanies, loadContacts, type WorkingContact, type WorkingSet } from './working-set.ts'

// Kept in their own columns: a lone surrogate would not read back as it was written (see `toWellFormed`).
const emailOf = (traits: Record<string, unknown>): string | undefined => {
  const email = traits.email
  return typeof email === 'string' && email.includes('@') ? toWellFormed(email.trim()) : undefined
}

function touch(ws: WorkingSet, contact: WorkingContact, event: Event, position: number): void {
  ws.touchedContacts.add(contact.id)
  noteEvent(ws.contactEvents, contact.id, position)
  // A member's events reach its company through its share (active users, roll-ups): history names them there too.
  if (contact.companyId !== undefined) noteEvent(ws.companyEvents, contact.companyId, position)
  const earliest = ws.changedAtMs.get(contact.id)
  if (earliest === undefined || event.receivedAtMs < earliest) ws.changedAtMs.set(contact.id, event.receivedAtMs)
}

function touchCompany(ws: WorkingSet, id: string, position: number): void {
  ws.touchedCompanies.add(id)
  noteEvent(ws.companyEvents, id, position)
}

function fold(model: CompiledModel, ws: WorkingSet, fromId: string, intoId: string): void {
  const from = ws.contacts.get(fromId)
  const into = ws.contacts.get(intoId)
  if (from === undefined || into === undefined || ws.deletedContacts.has(fromId)) return
  into.state = mergeEntityStates(model.contact, into.state, from.state)
  into.email ??= from.email
  if (into.companyId === undefined && from.companyId !== undefined) {
    into.companyId = from.companyId
    ws.movedContacts.add(into.id)
  }
  if (from.companyId !== undefined) {
    const company = ws.companies.get(from.companyId)
    if (company !== undefined && setMember(company.state, fromId, undefined)) ws.changedMemberships.add(company.id)
  }
  ws.deletedContacts.add(fromId)
  ws.touchedContacts.delete(fromId)
  ws.touchedContacts.add(intoId)
  addEvents(ws.contactEvents, intoId, ws.contactEvents.get(fromId))
}

function applyOne(model: CompiledModel, ws: WorkingSet, contact: WorkingContact, event: Event, position: number): void {
  switch (event.type) {
    case 'identify':
      contact.email = emailOf(event.traits) ?? contact.email
      applyEvent(model.contact, contact.state, event)
      break
    case 'group': {
      const groupId = event.groupId
      if (groupId === undefined) return
      const company = ws.companies.get(groupId)
      if (company === undefined) return
      if (contact.companyId !== groupId) {
        const previous = contact.companyId === undefined ? undefined : ws.companies.get(contact.companyId)
        if (previous !== undefined && setMember(previous.state, contact.id, undefined))
          touchCompany(ws, previous.id, position)
        contact.companyId = groupId
        ws.movedContacts.add(contact.id)
      }
      const name = event.traits.name
      if (typeof name === 'string' && name.trim() !== '') company.name = toWellFormed(name.trim())
      applyEvent(model.company, company.state, event)
      touchCompany(ws, groupId, position)
      break
    }
    case 'alias':
      break
    default: {
      applyEvent(model.contact, contact.state, event)
      // Account-level event properties count the events of the users while they belong to the company.
      const company = contact.companyId === undefined ? undefined : ws.companies.get(contact.companyId)
      if (company !== undefined && model.company.properties.some((p) => p.source === 'events')) {
        applyEvent(model.company, company.state, event)
        touchCompany(ws, company.id, position)
      }
    }
  }
  touch(ws, contact, event, position)
}

/**
 * Applies a batch of events, in log order, to the entities they concern: who is who first (links and merges),
 * then each event to its contact and, for group calls and account-level properties, to its company. Finally each
 * contributions to companies (active users, roll-ups) are settled when they are re-scored.
 */
export async function applyEventBatch(
  store: Store,
  model: CompiledModel,
  events: readonly StoredEvent[],
): Promise<{ ws: WorkingSet; links: IdentityLink[] }> {
  const ws = emptyWorkingSet()
  const plain = events.map((stored) => stored.event)
  ws.events = plain
  const known = await knownIdentities(store, plain)
  const plan = planIdentities(plain, known)
  await loadContacts(store, ws, plan.contactIds)
  await loadCompanies(
    store,
    ws,
    plain.flatMap((event) => (event.type === 'group' && event.groupId !== undefined ? [event.groupId] : [])),
  )

  let nextMerge = 0
  plain.forEach((event, index) => {
    while (plan.merges[nextMerge] !== undefined && (plan.merges[nextMerge]?.beforeEvent ?? 0) <= index) {
      const merge = plan.merges[nextMerge++]
      if (merge !== undefined) fold(model, ws, merge.from, merge.into)
    }
    const contactId = plan.contactOfEvent[index]
    const contact = contactId === undefined ? undefined : ws.contacts.get(contactId)
    if (contact !== undefined) applyOne(model, ws, contact, event, index)
  })

  const links = [...plan.links].map(
    ([key, contactId]): IdentityLink => ({
      kind: key.startsWith('user:') ? 'user' : 'anon',
      value: key.slice(5),
      contactId,
    }),
  )
  return { ws, links }
}
