import { emptyEntityState, setMember } from '../properties/entity-state.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import type { CompanyRecord } from '../storage/records.ts'
import type { ProcessingCommit, Store } from '../storage/store.ts'
import { rescore, type ShareChanges } from './rescore.ts'
import { emptyWorkingSet, loadCompanies, type WorkingCompany, workingContactOf } from './working-set.ts'

/** Contacts per page of a full re-score: one transaction each. */
const PAGE_SIZE = 500
/**
 * Companies kept between pages: their values are what contacts read, their member lists what contacts update. Past
 * this many the cache starts over, which bounds its memory (a company with its member list is ~10–50 KB in memory).
 */
const MAX_CACHED_COMPANIES = 20_000

/** Receives each page's commit and how many contacts it re-scored; the walk goes on once it resolves. */
export type PageSink = (commit: ProcessingCommit, contacts: number) => Promise<void>

/** Companies evaluated per commit when the walk settles those whose members changed. */
const COMPANY_BATCH = 200

/** Changed shares noted before the walk applies them to their companies (each ~100–200 bytes). */
const MAX_SHARE_CHANGES = 200_000

export interface WalkOptions {
  /** Resolves once every commit given to the sink is written: before the walk reads contacts again. */
  settled?: () => Promise<void>
  /**
   * Whether a contact's share of its company is checked against its own stored values rather than the company's
   * stored state: true after a model change that rebuilt no property. Companies are then kept without their
   * state (their member lists are most of a company's memory), and only changed shares are held until applied.
   */
  sharesFromValues?: boolean
}

/**
 * Re-scores every contact of the store (history cause `model`), in the store's own order so that reads and writes
 * go page after page through the table, with the companies they read kept between pages. A contact whose values,
 * scores and schedule do not move produces nothing to write. Each page's commit goes to `sink`, which writes it
 * (here, or on the thread that owns writing).
 */
export async function walkContacts(
  store: Store,
  model: CompiledModel,
  nowMs: number,
  sink: PageSink,
  options: WalkOptions = {},
): Promise<void> {
  const companies = new Map<string, WorkingCompany>()
  // Companies whose members' shares changed: evaluated once, after the contacts, not once per page.
  const held = new Set<string>()
  const shareChanges: ShareChanges | undefined =
    options.sharesFromValues === true ? { byCompany: new Map(), count: 0 } : undefined
  const settle = async () => {
    if (held.size === 0 && (shareChanges === undefined || shareChanges.count === 0)) return
    await options.settled?.()
    if (shareChanges === undefined) await settleCompanies(store, model, nowMs, companies, held, sink)
    else await applyShareChanges(store, model, nowMs, companies, shareChanges, sink)
    // Written too before the walk reads on: a company it reloads, and the members it re-scored, are as settled.
    await options.settled?.()
  }
  let cursor = ''
  for (;;) {
    const page = await store.scanContacts(cursor, PAGE_SIZE)
    if (page.contacts.length === 0) break
    cursor = page.cursor
    if (companies.size > MAX_CACHED_COMPANIES) {
      if (shareChanges === undefined) await settle()
      companies.clear()
    }
    const ws = emptyWorkingSet()
    const companyIds = new Set<string>()
    for (const record of page.contacts) {
      ws.contacts.set(record.id, workingContactOf(record))
      ws.rescoredContacts.add(record.id)
      if (record.companyId !== undefined) companyIds.add(record.companyId)
    }
    for (const id of companyIds) {
      const cached = companies.get(id)
      if (cached !== undefined) ws.companies.set(id, cached)
    }
    await loadCompanies(store, ws, companyIds)
    for (const id of companyIds) {
      const company = ws.companies.get(id) as WorkingCompany
      if (!companies.has(id))
        companies.set(id, shareChanges === undefined ? company : readOnly(id, company.name, company.before))
    }
    const { commit } = await rescore(store, model, ws, 'model', nowMs, {
      fanOut: false,
      ...(shareChanges === undefined ? { heldCompanies: held } : { shareChanges }),
    })
    await sink(commit, page.contacts.length)
    if (shareChanges !== undefined && shareChanges.count > MAX_SHARE_CHANGES) await settle()
  }
  await settle()
}

/** A company as contacts read it: its values and scores, not its state. */
const readOnly = (id: string, name: string | undefined, before: CompanyRecord | undefined): WorkingCompany => ({
  id,
  name,
  state: emptyEntityState(),
  before: before === undefined ? undefined : { ...before, state: null },
})

/**
 * Applies the shares noted during the walk to their companies, loaded with their state, then evaluates and writes
 * them as `settleCompanies` does; the companies kept for the walk get their new values.
 */
async function applyShareChanges(
  store: Store,
  model: CompiledModel,
  nowMs: number,
  companies: Map<string, WorkingCompany>,
  changes: ShareChanges,
  sink: PageSink,
): Promise<void> {
  const ids = [...changes.byCompany.keys()]
  for (let i = 0; i < ids.length; i += COMPANY_BATCH) {
    const ws = emptyWorkingSet()
    const batch = ids.slice(i, i + COMPANY_BATCH)
    await loadCompanies(store, ws, batch)
    for (const id of batch) {
      const company = ws.companies.get(id) as WorkingCompany
      // A company the store does not have is not made here: it would hold only the shares that changed.
      if (company.before === undefined) continue
      for (const [contactId, share] of changes.byCompany.get(id) ?? []) setMember(company.state, contactId, share)
      ws.touchedCompanies.add(id)
    }
    const { commit } = await rescore(store, model, ws, 'model', nowMs, { fanOut: true })
    await sink(commit, 0)
    for (const record of commit.companies) {
      if (companies.has(record.id)) companies.set(record.id, readOnly(record.id, record.name, record))
    }
  }
  changes.byCompany.clear()
  changes.count = 0
}

/**
 * Evaluates and writes the companies whose members' shares changed during the walk (their state already holds the
 * new shares); a company whose values change then re-scores its members, as an event would.
 */
async function settleCompanies(
  store: Store,
  model: CompiledModel,
  nowMs: number,
  companies: ReadonlyMap<string, WorkingCompany>,
  held: Set<string>,
  sink: PageSink,
): Promise<void> {
  const ids = [...held]
  held.clear()
  for (let i = 0; i < ids.length; i += COMPANY_BATCH) {
    const ws = emptyWorkingSet()
    for (const id of ids.slice(i, i + COMPANY_BATCH)) {
      const company = companies.get(id)
      if (company === undefined) continue
      ws.companies.set(id, company)
      ws.touchedCompanies.add(id)
    }
    const { commit } = await rescore(store, model, ws, 'model', nowMs, { fanOut: true })
    await sink(commit, 0)
    for (const record of commit.companies) {
      const company = companies.get(record.id)
      if (company !== undefined) company.before = record
    }
  }
}
