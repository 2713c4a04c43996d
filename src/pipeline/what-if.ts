import { type EntityState, toEntityState } from '../properties/entity-state.ts'
import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import { type Evaluation, evaluateCompany, evaluateContact } from '../scoring/evaluate-entity.ts'
import type { Store } from '../storage/store.ts'
import { replayStates } from './replay.ts'
import { withStoredCutoffs } from './stored-cutoffs.ts'

/** Whether the stored state fits `model`: every one of its properties is defined as when the state was built. */
export async function storedStateFits(store: Store, model: CompiledModel): Promise<boolean> {
  const saved = await store.readSetting('model.signatures')
  if (saved === undefined) return false
  const signatures = JSON.parse(saved) as Record<'contact' | 'company', Record<string, string>>
  const fits = (kind: 'contact' | 'company') =>
    model[kind].properties.every((p) => p.source === 'ratio' || signatures[kind][p.name] === p.signature)
  return fits('contact') && fits('company')
}

/**
 * A contact as `model` would score it now, from stored state when it fits, else rebuilt from the event log. Labels by
 * rank use the cut-offs in force (those of the live model's scores of the same name).
 */
export async function evaluateContactUnder(
  store: Store,
  compiled: CompiledModel,
  key: string,
  nowMs: number,
): Promise<
  | {
      id: string
      email: string | undefined
      companyId: string | undefined
      contact: Evaluation
      company: Evaluation | undefined
    }
  | undefined
> {
  const record = await store.findContact(key)
  if (record === undefined) return undefined
  const model = await withStoredCutoffs(store, compiled)
  let contactState: EntityState
  let companyState: EntityState | undefined
  if (await storedStateFits(store, model)) {
    contactState = toEntityState(record.state)
    const company = record.companyId === undefined ? undefined : await store.getCompany(record.companyId)
    companyState = company === undefined ? undefined : toEntityState(company.state)
  } else {
    const members = record.companyId === undefined ? [] : await store.contactIdsOfCompany(record.companyId)
    const replayed = await replayStates(store, model, nowMs, {
      contactIds: new Set([record.id, ...members]),
      companyIds: new Set(record.companyId === undefined ? [] : [record.companyId]),
    })
    contactState = replayed.contacts.get(record.id)?.state ?? toEntityState(undefined)
    companyState = record.companyId === undefined ? undefined : replayed.companies.get(record.companyId)
  }
  const company = companyState === undefined ? undefined : evaluateCompany(model, companyState, nowMs)
  return {
    id: record.id,
    email: record.email,
    companyId: record.companyId,
    contact: evaluateContact(model, contactState, company?.values ?? {}, nowMs, record.values),
    company,
  }
}

/**
 * Every contact's evaluation under `model` now, one at a time, without writing anything. Labels by rank use the
 * cut-offs in force, not cut-offs worked out again from the scores `model` gives.
 */
export async function* evaluateAllContacts(
  store: Store,
  compiled: CompiledModel,
  nowMs: number,
): AsyncGenerator<{ id: string; evaluation: Evaluation }> {
  const model = await withStoredCutoffs(store, compiled)
  if (await storedStateFits(store, model)) {
    const companyValues = new Map<string, Record<string, PropertyValue>>()
    for (let after = ''; ; ) {
      const ids = await store.listEntityIds('company', after, 1000)
      if (ids.length === 0) break
      after = ids[ids.length - 1] ?? after
      for (const company of await store.loadCompanies(ids)) {
        companyValues.set(company.id, evaluateCompany(model, toEntityState(company.state), nowMs).values)
      }
    }
    for (let after = ''; ; ) {
      const ids = await store.listEntityIds('contact', after, 1000)
      if (ids.length === 0) break
      after = ids[ids.length - 1] ?? after
      for (const contact of await store.loadContacts(ids)) {
        const values = contact.companyId === undefined ? {} : (companyValues.get(contact.companyId) ?? {})
        const evaluation = evaluateContact(model, toEntityState(contact.state), values, nowMs, contact.values)
        yield { id: contact.id, evaluation }
      }
    }
    return
  }
  const replayed = await replayStates(store, model, nowMs)
  const companyValues = new Map(
    [...replayed.companies].map(([id, state]) => [id, evaluateCompany(model, state, nowMs).values]),
  )
  for (const [id, { state, companyId }] of replayed.contacts) {
    const values = companyId === undefined ? {} : (companyValues.get(companyId) ?? {})
    yield { id, evaluation: evaluateContact(model, state, values, nowMs) }
  }
}
