import type { CompiledModel } from '../scoring/compiled-model.ts'
import { LOG_START, type LogPosition, type Store } from '../storage/store.ts'
import { applyEventBatch } from './apply-event-batch.ts'
import { createPercentileStep } from './percentile-step.ts'
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
  /**
   * How often the cut-offs of percentile labels are worked out again from the stored scores (also at start), in ms.
   * Default 600,000 (10 minutes).
   */
  percentileIntervalMs?: number
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

const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b))

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
  let cursor: LogPosition = LOG_START
  let running = false
  let loop: Promise<void> | undefined
  let wakeUp: (() => void) | undefined
  let timer: NodeJS.Timeout | undefined
  let pendingWake = false
  let idleWaiters: (() => void)[] = []
  const percentiles = createPercentileStep({
    store,
    model,
    intervalMs: options.percentileIntervalMs ?? 600_000,
    pageSize: batchSize,
    onCommitted: options.onCommitted,
  })

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

  function wake(): void {
    if (wakeUp !== undefined) wakeUp()
    else pendingWake = true
  }

  async function eventStep(): Promise<boolean> {
    const startedAt = performance.now()
    const events = await store.readEvents(cursor, stepSize)
    if (events.length === 0) {
      stepSize = batchSize
      return false
    }
    const nowMs = now()
    const { ws, links } = await applyEventBatch(store, model, events)
    const { commit, counts } = await rescore(store, percentiles.model(), ws, 'event', nowMs)
    const last = events[events.length - 1]?.position ?? cursor
    commit.identities = links
    commit.cursor = last
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
    const { commit, counts } = await rescore(store, percentiles.model(), ws, 'time', nowMs)
    await store.commit(commit)
    stats.timeSteps++
    stats.contactsScored += counts.contacts
    stats.companiesScored += counts.companies
    if (commit.outbox.length > 0) options.onCommitted?.({ outbox: commit.outbox.length })
    return true
  }

  /** Percentile cut-offs go first when due, so that a busy log cannot hold them back. */
  async function percentileStep(): Promise<boolean> {
    const relabelled = await percentiles.run(now())
    if (relabelled === undefined) return false
    stats.contactsScored += relabelled.contacts
    stats.companiesScored += relabelled.companies
    return true
  }

  async function run(): Promise<void> {
    while (running) {
      // Only those waiting before this pass began are answered by it: what a later one waits for (a clock moved on,
      // say) may have become due after this pass looked.
      const waiting = idleWaiters
      idleWaiters = []
      try {
        const worked = (await percentileStep()) || (await eventStep()) || (await timeStep())
        if (worked) {
          idleWaiters = [...waiting, ...idleWaiters]
          // Let HTTP requests in between steps.
          await new Promise((resolve) => setImmediate(resolve))
          continue
        }
        for (const resolve of waiting) resolve()
        const nextDue = earliest(await store.nextDueAtMs(), percentiles.nextAtMs())
        const wait = nextDue === null ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, Math.max(0, nextDue - now()))
        await sleep(wait)
      } catch (error) {
        idleWaiters = [...waiting, ...idleWaiters]
        options.log?.(`processing failed, retrying in 1 s: ${(error as Error).stack ?? String(error)}`)
        await sleep(1000)
      }
    }
  }

  return {
    async start() {
      cursor = await store.readCursor()
      await percentiles.load()
      running = true
      loop = run()
    },
    wake,
    async stop() {
      running = false
      // Through `wake`, not `wakeUp` alone: the loop may be between answering idle() and going to sleep.
      wake()
      await loop
    },
    idle() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve)
        wake()
      })
    },
    stats: () => ({ ...stats }),
  }
}
