import { currentContactOf } from '../identity/plan-identities.ts'
import { applyEvent, type EntityState, emptyEntityState, setMember } from '../properties/entity-state.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import { evaluateContact } from '../scoring/evaluate-entity.ts'
import { memberContribution } from '../scoring/member-contribution.ts'
import { LOG_START, type Store } from '../storage/store.ts'
import { knownIdentities } from './known-identities.ts'

export interface ReplayedStates {
  contacts: Map<string, { state: EntityState; companyId: string | undefined }>
  companies: Map<string, EntityState>
}

const CHUNK = 5000

/**
 * The states entities would have under `model`, rebuilt in memory from the event log without writing anything:
 * for `model explain` and `model diff` when a model's properties differ from the live ones. Events are attributed
 * to who is who now and to the user's company now. `only` limits the work to some contacts and their companies.
 */
export async function replayStates(
  store: Store,
  model: CompiledModel,
  nowMs: number,
  only?: { contactIds: ReadonlySet<string>; companyIds: ReadonlySet<string> },
): Promise<ReplayedStates> {
  const result: ReplayedStates = { contacts: new Map(), companies: new Map() }
  // Who belongs where now, for every contact the replay keeps.
  const companyOf = new Map<string, string | undefined>()
  const remember = (records: { id: string; companyId: string | undefined }[]) => {
    for (const record of records) companyOf.set(record.id, record.companyId)
  }
  if (only !== undefined) remember(await store.loadContacts([...only.contactIds]))
  else {
    for (let after = ''; ; ) {
      const ids = await store.listEntityIds('contact', after, 1000)
      if (ids.length === 0) break
      after = ids[ids.length - 1] ?? after
      remember(await store.loadContacts(ids))
    }
  }
  const contactState = (id: string) => {
    let entry = result.contacts.get(id)
    if (entry === undefined && companyOf.has(id)) {
      entry = { state: emptyEntityState(), companyId: companyOf.get(id) }
      result.contacts.set(id, entry)
    }
    return entry
  }
  const companyState = (id: string) => {
    let state = result.companies.get(id)
    if (state === undefined) {
      state = emptyEntityState()
      result.companies.set(id, state)
    }
    return state
  }
  const companyReadsEvents = model.company.properties.some((p) => p.source === 'events')
  const last = await store.readCursor()
  let after = LOG_START
  for (;;) {
    if (last === LOG_START) break
    const events = await store.readEvents(after, CHUNK, last)
    if (events.length === 0) break
    after = events[events.length - 1]?.position ?? last
    const plain = events.map((e) => e.event)
    const known = await knownIdentities(store, plain)
    for (const event of plain) {
      if (event.type === 'group') {
        if (event.groupId !== undefined && (only === undefined || only.companyIds.has(event.groupId))) {
          applyEvent(model.company, companyState(event.groupId), event)
        }
        continue
      }
      const id = currentContactOf(event, known)
      if (id === undefined) continue
      const wanted = only === undefined || only.contactIds.has(id)
      if (!wanted && !companyReadsEvents) continue
      const contact = contactState(id)
      if (contact === undefined) continue
      if (wanted) applyEvent(model.contact, contact.state, event)
      const companyWanted =
        contact.companyId !== undefined && (only === undefined || only.companyIds.has(contact.companyId))
      if (companyWanted && companyReadsEvents && event.type !== 'identify') {
        applyEvent(model.company, companyState(contact.companyId as string), event)
      }
    }
  }
  // Contributions to companies: roll-ups of scores read each contact's score as if its company had no values yet;
  // roll-ups of properties and active users are exact.
  for (const [id, contact] of result.contacts) {
    if (contact.companyId !== undefined && (only === undefined || only.companyIds.has(contact.companyId))) {
      const evaluation = evaluateContact(model, contact.state, {}, nowMs)
      const share = memberContribution(model, contact.state.activity, evaluation.values, evaluation.scores)
      setMember(companyState(contact.companyId), id, share)
    }
  }
  return result
}
