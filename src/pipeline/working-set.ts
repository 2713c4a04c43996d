import type { Event } from '../events/event.ts'
import { userIdOfContactId } from '../identity/plan-identities.ts'
import { type EntityState, emptyEntityState, toEntityState } from '../properties/entity-state.ts'
import type { CompanyRecord, ContactRecord } from '../storage/records.ts'
import type { Store } from '../storage/store.ts'

export interface WorkingContact {
  id: string
  userId: string | undefined
  email: string | undefined
  companyId: string | undefined
  state: EntityState
  /** As stored before this step; undefined for a contact this step creates. */
  before: ContactRecord | undefined
}

export interface WorkingCompany {
  id: string
  name: string | undefined
  state: EntityState
  before: CompanyRecord | undefined
}

/**
 * The entities one processing step reads and changes, loaded once and written back in one commit. Only the
 * processor writes entity state, one step at a time, so nothing else changes them meanwhile.
 */
export interface WorkingSet {
  contacts: Map<string, WorkingContact>
  companies: Map<string, WorkingCompany>
  touchedContacts: Set<string>
  touchedCompanies: Set<string>
  /** Contacts to re-score though no event of theirs is in the step (a model change): written only when changed. */
  rescoredContacts: Set<string>
  deletedContacts: Set<string>
  /** Contacts whose company changed in this step: the CRM needs a new association. */
  movedContacts: Set<string>
  /** Companies that lost a member in this step (moved away or merged): their roll-ups change. */
  changedMemberships: Set<string>
  /** Per touched contact, when the earliest event that changed it arrived (for event → CRM latency). */
  changedAtMs: Map<string, number>
  /** The step's events in log order (none for a step of time or of a model change): what history names. */
  events: readonly Event[]
  /** Per contact, the positions in `events` of those that changed it, in log order. */
  contactEvents: Map<string, number[]>
  /** Per company, likewise: its own events and its members'. */
  companyEvents: Map<string, number[]>
}

export function emptyWorkingSet(): WorkingSet {
  return {
    contacts: new Map(),
    companies: new Map(),
    touchedContacts: new Set(),
    touchedCompanies: new Set(),
    rescoredContacts: new Set(),
    deletedContacts: new Set(),
    movedContacts: new Set(),
    changedMemberships: new Set(),
    changedAtMs: new Map(),
    events: [],
    contactEvents: new Map(),
    companyEvents: new Map(),
  }
}

export const workingContactOf = (record: ContactRecord): WorkingContact => ({
  id: record.id,
  userId: record.userId,
  email: record.email,
  companyId: record.companyId,
  state: toEntityState(record.state),
  before: record,
})

/** Loads companies not in the working set yet; ids unknown to the store start as new companies. */
export async function loadCompanies(store: Store, ws: WorkingSet, ids: Iterable<string>): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !ws.companies.has(id))
  if (missing.length === 0) return
  for (const record of await store.loadCompanies(missing)) {
    ws.companies.set(record.id, {
      id: record.id,
      name: record.name,
      state: toEntityState(record.state),
      before: record,
    })
  }
  for (const id of missing) {
    if (!ws.companies.has(id))
      ws.companies.set(id, { id, name: undefined, state: emptyEntityState(), before: undefined })
  }
}

/** Loads contacts (and their companies) not in the working set yet; unknown ids start as new contacts. */
export async function loadContacts(store: Store, ws: WorkingSet, ids: Iterable<string>): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !ws.contacts.has(id))
  if (missing.length === 0) return
  for (const record of await store.loadContacts(missing)) ws.contacts.set(record.id, workingContactOf(record))
  for (const id of missing) {
    if (ws.contacts.has(id)) continue
    const userId = userIdOfContactId(id)
    ws.contacts.set(id, {
      id,
      userId,
      email: undefined,
      companyId: undefined,
      state: emptyEntityState(),
      before: undefined,
    })
  }
  const companyIds = missing.map((id) => ws.contacts.get(id)?.companyId).filter((id) => id !== undefined)
  await loadCompanies(store, ws, companyIds)
}
