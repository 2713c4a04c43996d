import { currentContactOf } from '../identity/plan-identities.ts'
import type { CompiledProperty, EntityModel } from '../properties/compiled-property.ts'
import { applyEvent, type EntityState, setMember } from '../properties/entity-state.ts'
import { seenKeys } from '../properties/seen-at.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import { LOG_START, type LogPosition, type ProcessingCommit, type Store } from '../storage/store.ts'
import { knownIdentities } from './known-identities.ts'
import { emptyWorkingSet, loadCompanies, loadContacts } from './working-set.ts'

export interface ChangedProperties {
  contact: readonly CompiledProperty[]
  company: readonly CompiledProperty[]
}

export type Progress = (done: number, total: number) => void

const CHUNK = 5000

function reset(state: EntityState, properties: readonly CompiledProperty[]): void {
  for (const property of properties) {
    delete state.props[property.name]
    for (const key of seenKeys(property.name)) delete state.activity[key]
  }
}

/**
 * Rebuilds the state of properties that are new or changed from the stored event log, so a property added to a
 * live model has its whole history, not only what comes next. Events are attributed to who is who now (the
 * stored identity links) and account-level events to the user's company now. Values and scores are left for the
 * re-score that follows.
 */
export async function backfillProperties(
  store: Store,
  model: CompiledModel,
  changed: ChangedProperties,
  through: LogPosition,
  progress: Progress,
): Promise<void> {
  const activity = model.contact.activity.filter((p) => changed.company.includes(p))
  const contactModel: EntityModel = { properties: changed.contact, traitsFrom: 'identify', activity }
  const companyModel: EntityModel = { properties: changed.company, traitsFrom: 'group', activity: [] }
  const companyReadsEvents = changed.company.some((p) => p.source === 'events')
  const resetContacts = new Set<string>()
  const resetCompanies = new Set<string>()
  // Progress in events: those in the log, less those after the cursor (a count the log knows at once).
  const total = (await store.logLag(LOG_START)).events - (await store.logLag(through)).events
  let done = 0
  let after = LOG_START
  for (;;) {
    const events = await store.readEvents(after, CHUNK, through)
    if (events.length === 0) break
    after = events[events.length - 1]?.position ?? through
    done += events.length
    const plain = events.map((e) => e.event)
    const known = await knownIdentities(store, plain)
    const ids = new Set(plain.map((event) => currentContactOf(event, known)).filter((id) => id !== undefined))
    const ws = emptyWorkingSet()
    await loadContacts(store, ws, ids)
    const groupIds = plain.flatMap((e) => (e.type === 'group' && e.groupId !== undefined ? [e.groupId] : []))
    await loadCompanies(store, ws, groupIds)
    for (const company of ws.companies.values()) {
      if (company.before !== undefined && !resetCompanies.has(company.id)) {
        resetCompanies.add(company.id)
        reset(company.state, changed.company)
      }
    }
    for (const event of plain) {
      const contact = ws.contacts.get(currentContactOf(event, known) ?? '')
      if (event.type === 'group') {
        const company = event.groupId === undefined ? undefined : ws.companies.get(event.groupId)
        if (company !== undefined) applyEvent(companyModel, company.state, event)
        continue
      }
      // Only contacts the store has: an id that names none (merged away) has nothing to rebuild.
      if (contact?.before === undefined) continue
      if (!resetContacts.has(contact.id)) {
        resetContacts.add(contact.id)
        reset(contact.state, [...changed.contact, ...activity])
      }
      applyEvent(contactModel, contact.state, event)
      const company = contact.companyId === undefined ? undefined : ws.companies.get(contact.companyId)
      if (company !== undefined && companyReadsEvents && event.type !== 'identify')
        applyEvent(companyModel, company.state, event)
    }
    for (const contact of ws.contacts.values()) {
      const company = contact.companyId === undefined ? undefined : ws.companies.get(contact.companyId)
      if (company !== undefined && activity.length > 0) setMember(company.state, contact.id, contact.state.activity)
    }
    const commit: ProcessingCommit = {
      contacts: [...ws.contacts.values()].flatMap((c) =>
        c.before === undefined ? [] : [{ ...c.before, state: c.state }],
      ),
      companies: [...ws.companies.values()].flatMap((c) =>
        c.before === undefined ? [] : [{ ...c.before, state: c.state }],
      ),
      deletedContactIds: [],
      identities: [],
      history: [],
      outbox: [],
    }
    await store.commit(commit)
    progress(Math.min(done, total), total)
  }
}
