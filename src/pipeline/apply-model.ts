import type { CompiledProperty } from '../properties/compiled-property.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import { LOG_START, type ProcessingCommit, type Store } from '../storage/store.ts'
import { backfillProperties, type ChangedProperties } from './backfill.ts'
import { type WalkOptions, walkContacts } from './contact-walk.ts'
import { rescore } from './rescore.ts'
import { hasSource, rescoreContactsOnWorker } from './rescore-on-worker.ts'
import { emptyWorkingSet, loadCompanies } from './working-set.ts'

type Signatures = Record<'contact' | 'company', Record<string, string>>

const signaturesOf = (model: CompiledModel): Signatures => ({
  contact: Object.fromEntries(model.contact.properties.map((p) => [p.name, p.signature])),
  company: Object.fromEntries(model.company.properties.map((p) => [p.name, p.signature])),
})

function changedSince(model: CompiledModel, before: Signatures | undefined): ChangedProperties {
  const changed = (properties: readonly CompiledProperty[], old: Record<string, string> | undefined) =>
    properties.filter((p) => p.source !== 'ratio' && old?.[p.name] !== p.signature)
  return {
    contact: changed(model.contact.properties, before?.contact),
    company: changed(model.company.properties, before?.company),
  }
}

/**
 * The version a full re-score is bringing, while it runs; empty once it has finished. Still set at the next start
 * when it stopped half-way.
 */
const RESCORE_UNDER_WAY = 'model.rescoring'

export interface ModelChangeReport {
  changed: boolean
  backfilled: string[]
  contacts: number
  companies: number
}

/** Where progress goes: a line now and then, and a final one. */
export type ProgressPrinter = (line: string) => void

function throttled(print: ProgressPrinter, now: () => number) {
  let last = 0
  return (what: string, done: number, total: number) => {
    const t = now()
    if (done < total && t - last < 1000) return
    last = t
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100)
    const bar = '#'.repeat(Math.floor(percent / 5)).padEnd(20, '.')
    print(`${what} [${bar}] ${percent}% (${done}/${total})`)
  }
}

/** Companies per page of the re-score: one transaction each (a company with its member list can be 50 KB). */
const PAGE_SIZE = 500

async function rescoreCompanies(
  store: Store,
  model: CompiledModel,
  nowMs: number,
  report: (done: number, total: number) => void,
): Promise<number> {
  const total = await store.countEntities('company')
  let after = ''
  let done = 0
  for (;;) {
    const ids = await store.listEntityIds('company', after, PAGE_SIZE)
    if (ids.length === 0) break
    after = ids[ids.length - 1] ?? after
    const ws = emptyWorkingSet()
    await loadCompanies(store, ws, ids)
    for (const id of ids) ws.touchedCompanies.add(id)
    // Every contact is re-scored after the companies, so a company's change need not fan out to its members.
    const { commit } = await rescore(store, model, ws, 'model', nowMs, { fanOut: false })
    await store.commit(commit)
    done += ids.length
    report(done, total)
  }
  return done
}

/**
 * Every contact, written page by page; with enough of them, and a store another thread can open, read and evaluated
 * on a worker thread while this one writes.
 */
async function rescoreContacts(
  store: Store,
  model: CompiledModel,
  nowMs: number,
  options: ModelChangeOptions & WalkOptions,
  print: ProgressPrinter,
  report: (done: number, total: number) => void,
): Promise<number> {
  const total = await store.countEntities('contact')
  let done = 0
  const write = async (commit: ProcessingCommit, contacts: number) => {
    await store.commit(commit)
    done += contacts
    report(done, total)
  }
  const connection = store.connection()
  if (connection !== undefined && hasSource(model) && total >= (options.workerFromContacts ?? 20_000)) {
    print(`contacts are read and evaluated on a worker thread, written on this one`)
    await rescoreContactsOnWorker(connection, model, nowMs, write, options)
  } else {
    await walkContacts(store, model, nowMs, write, options)
  }
  return done
}

/** The steps of a model change that report progress. */
export type ModelChangeStep = 'backfill' | 'companies' | 'contacts'

export interface ModelChangeOptions {
  /** From this many contacts on, they are re-scored on a worker thread (when the store allows it). Default 20,000. */
  workerFromContacts?: number
  /** Told every step's progress as it goes (events, companies or contacts done so far, and in all). */
  onProgress?: (step: ModelChangeStep, done: number, total: number) => void
}

/**
 * Brings stored state to the model the service starts with. Nothing happens when the model is the one last used.
 * Otherwise properties that are new or changed are rebuilt from the event log, then every company and contact is
 * re-scored (history cause `model`); only real changes reach the CRM outbox. Runs before the processor starts.
 */
export async function applyModelChange(
  store: Store,
  model: CompiledModel,
  now: () => number,
  print: ProgressPrinter,
  options: ModelChangeOptions = {},
): Promise<ModelChangeReport> {
  const previous = await store.readSetting('model.version')
  const report: ModelChangeReport = { changed: false, backfilled: [], contacts: 0, companies: 0 }
  if (previous === model.version) return report
  const saved = await store.readSetting('model.signatures')
  const cursor = await store.readCursor()
  if (cursor !== LOG_START) {
    report.changed = true
    const changed = changedSince(model, saved === undefined ? undefined : (JSON.parse(saved) as Signatures))
    const printProgress = throttled(print, now)
    const progress = (step: ModelChangeStep, done: number, total: number) => {
      options.onProgress?.(step, done, total)
      printProgress(step, done, total)
    }
    if (changed.contact.length + changed.company.length > 0) {
      report.backfilled = [...changed.contact, ...changed.company].map((p) => p.name)
      print(
        `model ${model.version}: rebuilding ${report.backfilled.length} new or changed properties from the event log`,
      )
      options.onProgress?.('backfill', 0, 0)
      await backfillProperties(store, model, changed, cursor, (done, total) => progress('backfill', done, total))
    }
    // With no property rebuilt, the shares companies hold are those their members' stored values give, unless an
    // earlier re-score stopped half-way: its contacts were written with new values, their shares were not.
    const interrupted = ((await store.readSetting(RESCORE_UNDER_WAY)) ?? '') !== ''
    await store.writeSetting(RESCORE_UNDER_WAY, model.version)
    print(`model ${model.version}: re-scoring every company and contact`)
    options.onProgress?.('companies', 0, 0)
    report.companies = await rescoreCompanies(store, model, now(), (d, t) => progress('companies', d, t))
    const walk = { ...options, sharesFromValues: report.backfilled.length === 0 && !interrupted }
    report.contacts = await rescoreContacts(store, model, now(), walk, print, (d, t) => progress('contacts', d, t))
  }
  await store.writeSetting('model.signatures', JSON.stringify(signaturesOf(model)))
  await store.writeSetting('model.version', model.version)
  await store.writeSetting(RESCORE_UNDER_WAY, '')
  return report
}
