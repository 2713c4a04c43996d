import type { CompiledModel } from '../scoring/compiled-model.ts'
import type { Store } from '../storage/store.ts'
import { applyEventBatch } from './apply-event-batch.ts'
import { rescore } from './rescore.ts'
import { emptyWorkingSet, loadCompanies, loadContacts } from './working-set.ts'

export interface ProcessorOptions {
  store: Store
  model: CompiledModel
  now: () => number
  /** Events (or due entities) taken per step when the log is not behind. Default 2000. */
  batchSize?: number
  /**
   * The most events one step takes when the log is behind: steps grow (doubling) while they come back full and
   * stay under a second, since a contact met several times in one step is written once. Default 20,000.
   */
  maxBatchSize?: number
  /** Called after every committed step that changed CRM records, so the sync can wake. */
  onCommitted?: (changes: { outbox: number }) => void
  log?: (line: string) => void
}

export interface ProcessorStats {
  eventsProcessed: number
  contactsScored: number
  companiesScored: number
  timeSteps: number
}

export interface Processor {
  /** Starts the loop; resolves once it is running. */
  start(): Promise<void>
  /** New events are in the log. */
  wake(): void
  stop(): Promise<void>
  /** Resolves when the log is drained and nothing is due now (for tests and benchmarks). */
  idle(): Promise<void>
  stats(): ProcessorStats
}

/** The longest the loop sleeps when nothing is due: a safety net for clocks that jump, not a re-scan. */
const MAX_SLEEP_MS = 60_000

/**
 * The single writer of entity state. Each step takes the next events from the log (or, when there are none, the
 * entities whose scores change with time now), applies them and commits state, history, CRM changes and the
 * cursor together. Between steps it sleeps until new events arrive or the earliest `nextChangeAt` comes.
 */
export function createProcessor(options: ProcessorOptions): Processor {
  const { store, model, now } = options
  const batchSize = options.batchSize ?? 2000
  const maxBatchSize = Math.max(batchSize, options.maxBatchSize ?? 20_000)
  let stepSize = batchSize
  const stats: ProcessorStats = { eventsProcessed: 0, contactsScored: 0, companiesScored: 0, timeSteps: 0 }
  let cursor = 0
  let running = false
  let loop: Promise<void> | undefined
  let wakeUp: (() => void) | undefined
  let timer: NodeJS.Timeout | undefined
  let pendingWake = false
  let idleWaiters: (() => void)[] = []

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (pendingWake) {
        pendingWake = false
        resolve()
        return
      }
      wakeUp = resolve
      timer = setTimeout(resolve, ms)
    }).finally(() => {
      clearTimeout(timer)
      wakeUp = undefined
    })

  async function eventStep(): Promise<boolean> {
    const startedAt = performance.now()
    const events = await store.readEvents(cursor, stepSize)
    if (events.length === 0) {
      stepSize = batchSize
      return false
    }
    const nowMs = now()
    const { ws, links } = await applyEventBatch(store, model, events)
    const { commit, counts } = await rescore(store, model, ws, 'event', nowMs)
    const last = events[events.length - 1]?.seq ?? cursor
    commit.identities = links
    commit.cursorSeq = last
    await store.commit(commit)
    cursor = last
    stats.eventsProcessed += events.length
    stats.contactsScored += counts.contacts
    stats.companiesScored += counts.companies
    if (commit.outbox.length > 0) options.onCommitted?.({ outbox: commit.outbox.length })
    const behind = events.length === stepSize
    const quick = performance.now() - startedAt < 1000
    stepSize = !behind ? batchSize : quick ? Math.min(maxBatchSize, stepSize * 2) : stepSize
    return true
  }

  async function timeStep(): Promise<boolean> {
    const nowMs = now()
    const due = await store.dueEntities(nowMs, batchSize)
    if (due.length === 0) return false
    const ws = emptyWorkingSet()
    const contactIds = due.filter((d) => d.kind === 'contact').map((d) => d.id)
    const companyIds = due.filter((d) => d.kind === 'company').map((d) => d.id)
    await loadContacts(store, ws, contactIds)
    await loadCompanies(store, ws, companyIds)
    for (const id of contactIds) ws.touchedContacts.add(id)
    for (const id of companyIds) ws.touchedCompanies.add(id)
    const { commit, counts } = await rescore(store, model, ws, 'time', nowMs)
    await store.commit(commit)
    stats.timeSteps++
    stats.contactsScored += counts.contacts
    stats.companiesScored += counts.companies
    if (commit.outbox.length > 0) options.onCommitted?.({ outbox: commit.outbox.length })
    return true
  }

  async function run(): Promise<void> {
    while (running) {
      try {
        const worked = (await eventStep()) || (await timeStep())
        if (worked) {
          // Let HTTP requests in between steps.
          await new Promise((resolve) => setImmediate(resolve))
          continue
        }
        for (const resolve of idleWaiters) resolve()
        idleWaiters = []
        const nextDue = await store.nextDueAtMs()
        const wait = nextDue === null ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, Math.max(0, nextDue - now()))
        await sleep(wait)
      } catch (error) {
        options.log?.(`processing failed, retrying in 1 s: ${(error as Error).stack ?? String(error)}`)
        await sleep(1000)
      }
    }
  }

  return {
    async start() {
      cursor = await store.readCursor()
      running = true
      loop = run()
    },
    wake() {
      if (wakeUp !== undefined) wakeUp()
      else pendingWake = true
    },
    async stop() {
      running = false
      wakeUp?.()
      await loop
    },
    idle() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve)
        this.wake()
      })
    },
    stats: () => ({ ...stats }),
  }
}
