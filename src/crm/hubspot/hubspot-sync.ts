import type { HubspotConfig } from '../../config.ts'
import { UpscoreError } from '../../errors.ts'
import type { CompiledModel, CrmPropertyDefinition } from '../../scoring/compiled-model.ts'
import type { CrmObjectType, OutboxEntry, Store } from '../../storage/store.ts'
import { resendRecords } from '../resend-records.ts'
import { authBackoff, backoffDelayMs, transientBackoff } from './backoff.ts'
import { entryKey, planBatch, recordKey, shouldLinger } from './batch-plan.ts'
import type { FetchLike } from './fetch-like.ts'
import { gdprDeleteContact } from './gdpr-delete.ts'
import { createHubspotClient } from './hubspot-client.ts'
import { type Answer, createPortalCaller } from './portal-caller.ts'
import { type PropertyCatalog, provisionProperties } from './provision-properties.ts'
import { createRateLimiter } from './rate-limiter.ts'
import { reconcileStoredIds } from './reconcile-stored-ids.ts'
import { syncBatch } from './sync-batch.ts'
import { type SyncHealth, toSyncHealth } from './sync-health.ts'
import { createSyncMetrics } from './sync-metrics.ts'
import { describeStart } from './sync-start-line.ts'
import { createWaker } from './waker.ts'

/** Knobs with sensible defaults; tests lower them. */
export interface SyncTuning {
  /** A call without an answer after this long is abandoned and retried. Default 15,000 ms. */
  requestTimeoutMs: number
  /**
   * Calls in flight at once (each on different records). Default 6, as the official client's limiter: HubSpot
   * answers a batch upsert in 100–300 ms, and the 10-second budget (~17 calls/s) needs several at once to be spent.
   */
  maxConcurrentCalls: number
  /** Records per batch upsert, at most HubSpot's 100. Default 100. */
  maxBatchSize: number
  /** The longest a partial batch waits for more records when calls are scarce. Default 1,000 ms. */
  maxLingerMs: number
  /** How often the outbox is looked at when nobody calls `wake()`. Default 500 ms. */
  pollIntervalMs: number
}

export interface HubspotSyncOptions {
  store: Store
  model: CompiledModel
  hubspot: HubspotConfig
  fetch: FetchLike
  /** The clock, epoch ms. */
  now: () => number
  /** Default: a timer. */
  sleep?: (ms: number) => Promise<void>
  log: (line: string) => void
  /** For the back-off's jitter. Default `Math.random`. */
  random?: () => number
  tuning?: Partial<SyncTuning>
}

export interface HubspotSync {
  /** Starts draining the outbox (provisioning the properties first); resolves at once. */
  start(): Promise<void>
  /** New outbox entries may be there: look now. */
  wake(): void
  /** Stops: calls in flight are abandoned and their entries stay in the outbox, to be sent after a restart. */
  stop(): Promise<void>
  /**
   * Writes with another model from the next start: its CRM properties are provisioned (new ones created) before
   * any batch. Call it while stopped. The properties of the models used before stay known, so changes still pending
   * for them are sent rather than refused.
   */
  useModel(model: CompiledModel): void
  /**
   * Permanently deletes a contact in HubSpot by email, for a GDPR request (`gdprDeleteContact`), within the same
   * budgets. Call it while stopped, so that no upsert of that contact is in flight.
   */
  deleteContact(email: string): Promise<void>
  /** Resolves once the outbox is empty and nothing is in flight (for tests and benchmarks). */
  idle(): Promise<void>
  health(): Promise<SyncHealth>
}

const defaultTuning: SyncTuning = {
  requestTimeoutMs: 15_000,
  maxConcurrentCalls: 6,
  maxBatchSize: 100,
  maxLingerMs: 1_000,
  pollIntervalMs: 500,
}

type Failure = Extract<Answer, { kind: 'transient' }>

/**
 * The HubSpot sync: drains upscore's durable CRM outbox into HubSpot. Companies before contacts; up to 100
 * records per batch upsert; within the portal's budgets (see the rate limiter); transient failures retried with
 * back-off forever (the entries stay in the outbox), records HubSpot refuses for good moved to the dead letters.
 */
export function createHubspotSync(options: HubspotSyncOptions): HubspotSync {
  const { store, now, log } = options
  let model = options.model
  /** Properties of the models used before this one, kept so that pending changes to them are not refused. */
  let retired: CrmPropertyDefinition[] = []
  const tuning: SyncTuning = { ...defaultTuning, ...options.tuning }
  const maxBatch = Math.max(1, Math.min(100, tuning.maxBatchSize))
  const random = options.random ?? Math.random
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const metrics = createSyncMetrics(now)
  const limiter = createRateLimiter({ ...options.hubspot, now })
  const client = createHubspotClient({
    baseUrl: options.hubspot.baseUrl,
    accessToken: options.hubspot.accessToken,
    fetch: options.fetch,
    timeoutMs: tuning.requestTimeoutMs,
  })
  let controller = new AbortController()
  const waker = createWaker(options.sleep)
  const pause = (ms: number) => waker.pause(ms, controller.signal)
  const caller = createPortalCaller({
    client,
    limiter,
    now,
    pause,
    signal: () => controller.signal,
    log,
    onCall: (call) => metrics.recordCall(call),
  })

  let running = false
  let workers: Promise<void>[] = []
  let catalog: PropertyCatalog | undefined
  let provisioning: Promise<void> | undefined
  /** Whether the stored HubSpot ids were checked against the portal since the last start. */
  let idsChecked = false
  let checkingIds: Promise<void> | undefined
  let failures = 0
  let backoffUntilMs = 0
  const inFlight = new Set<string>()
  const inFlightRecords = new Set<string>()
  let companiesInFlight = 0
  const unexplained = new Map<string, number>()

  const fail = (failure: Failure | undefined, reason: string) => {
    metrics.recordError(reason)
    failures += 1
    const policy = failure?.isAuth === true ? authBackoff : transientBackoff
    backoffUntilMs = now() + backoffDelayMs(policy, failures, random, failure?.retryAfterMs)
  }

  const provision = async () => {
    const wanted = retired.length === 0 ? model : { ...model, crmProperties: [...model.crmProperties, ...retired] }
    const outcome = await provisionProperties(caller, wanted, log)
    if (outcome.ok) {
      catalog = outcome.catalog
      failures = 0
      return
    }
    if (outcome.answer?.kind === 'stopped') return
    log(`HubSpot: property set-up failed, will retry: ${outcome.reason}`)
    fail(
      outcome.answer?.kind === 'transient' ? outcome.answer : { ...authLike, reason: outcome.reason },
      outcome.reason,
    )
  }

  const checkIds = async () => {
    const outcome = await reconcileStoredIds({ caller, store, model, now, log })
    if (outcome.kind === 'transient') fail(outcome, outcome.reason)
    else if (outcome.kind !== 'stopped') idsChecked = true
  }

  const planNow = async (objectType: CrmObjectType): Promise<OutboxEntry[]> => {
    const pending = await store.readOutbox(objectType, maxBatch + inFlight.size)
    const batch = planBatch(objectType, pending, inFlight, inFlightRecords, maxBatch)
    for (const entry of batch) {
      inFlight.add(entryKey(entry))
      inFlightRecords.add(`${objectType}:${recordKey(objectType, entry.idValue)}`)
    }
    // Counted as taken, not when its call starts: the next plan, a moment later, must already see it.
    if (objectType === 'companies' && batch.length > 0) companiesInFlight += 1
    return batch
  }
  /**
   * Batches are planned one at a time. Two workers reading the outbox together would both see the same oldest
   * entries; the second would find them all taken by the first and wait, and the calls would go out one by one.
   */
  let planning: Promise<unknown> = Promise.resolve()
  const readBatch = (objectType: CrmObjectType): Promise<OutboxEntry[]> => {
    const planned = planning.then(() => planNow(objectType))
    planning = planned.catch(() => undefined)
    return planned
  }
  const release = (objectType: CrmObjectType, batch: readonly OutboxEntry[]) => {
    if (objectType === 'companies' && batch.length > 0) companiesInFlight -= 1
    for (const entry of batch) {
      inFlight.delete(entryKey(entry))
      inFlightRecords.delete(`${objectType}:${recordKey(objectType, entry.idValue)}`)
    }
  }

  /** The next batch: companies first; contacts only once no company is pending or in flight. */
  const nextBatch = async (): Promise<{ objectType: CrmObjectType; entries: OutboxEntry[] } | undefined> => {
    const companies = await readBatch('companies')
    if (companies.length > 0) return { objectType: 'companies', entries: companies }
    if (companiesInFlight > 0) return undefined
    const contacts = await readBatch('contacts')
    return contacts.length > 0 ? { objectType: 'contacts', entries: contacts } : undefined
  }

  /** Waits for budget, then takes a batch; lingers for a fuller one while calls are scarce. */
  const takeBatch = async () => {
    for (let wait = limiter.waitMs(); wait > 0 && running; wait = limiter.waitMs()) await pause(wait)
    if (!running) return undefined
    const startedAtMs = now()
    for (;;) {
      const next = await nextBatch()
      if (next === undefined || !running) return next
      const linger = shouldLinger({
        batchSize: next.entries.length,
        maxBatchSize: maxBatch,
        freeShare: limiter.freeShare(),
        lingeredMs: now() - startedAtMs,
        maxLingerMs: tuning.maxLingerMs,
      })
      if (!linger) return next
      release(next.objectType, next.entries)
      await waker.wait(Math.min(100, tuning.maxLingerMs), controller.signal)
    }
  }

  const work = async () => {
    while (running) {
      if (backoffUntilMs > now()) {
        await pause(backoffUntilMs - now())
        continue
      }
      if (catalog === undefined) {
        provisioning ??= provision().finally(() => {
          provisioning = undefined
        })
        await provisioning
        continue
      }
      if (!idsChecked) {
        checkingIds ??= checkIds()
          .catch((error: Error) => {
            // A store failure: nothing was changed in HubSpot; try again after a back-off.
            log(`HubSpot: checking the stored record ids failed: ${error.message}`)
            fail(undefined, error.message)
          })
          .finally(() => {
            checkingIds = undefined
          })
        await checkingIds
        continue
      }
      let next: Awaited<ReturnType<typeof takeBatch>>
      try {
        next = await takeBatch()
        if (next === undefined) {
          if (running) await waker.wait(tuning.pollIntervalMs, controller.signal)
          continue
        }
        const resend = (objectType: CrmObjectType, entityIds: readonly string[]) =>
          resendRecords(store, model, objectType, entityIds, now())
        const result = await syncBatch(
          { caller, store, catalog, now, log, metrics, unexplained, resend },
          next.objectType,
          next.entries,
        )
        if (result.missingProperty) catalog = undefined
        if (result.failure !== undefined) fail(result.failure, result.failure.reason)
        else failures = 0
      } catch (error) {
        // A store failure (disk full, …): nothing was confirmed, so nothing is lost; try again later.
        const message = `HubSpot sync step failed: ${(error as Error).stack ?? String(error)}`
        log(message)
        fail(undefined, message)
      } finally {
        if (next !== undefined) {
          release(next.objectType, next.entries)
          waker.wake()
        }
      }
    }
  }

  /** One line at start: the budget it will keep to, and what is waiting. A failure to count is logged, not thrown. */
  const logStart = async () => {
    try {
      const [outbox, deadLetters] = await Promise.all([store.outboxSize(), store.deadLetterCount()])
      log(describeStart(limiter.state(), options.hubspot.budgetShare, outbox.contacts + outbox.companies, deadLetters))
    } catch (error) {
      log(`HubSpot sync started; counting the outbox failed: ${(error as Error).message}`)
    }
  }

  return {
    async start() {
      if (running) return
      running = true
      idsChecked = false
      controller = new AbortController()
      workers = Array.from({ length: Math.max(1, tuning.maxConcurrentCalls) }, () => work())
      await logStart()
    },
    wake() {
      waker.wake()
    },
    async stop() {
      if (!running) return
      running = false
      controller.abort()
      waker.wake()
      await Promise.allSettled(workers)
      workers = []
    },
    useModel(next) {
      if (running) throw new UpscoreError('internal', 'useModel: stop the sync first')
      const names = new Set(next.crmProperties.map((p) => `${p.objectType}:${p.name}`))
      const before = [...retired, ...model.crmProperties].filter((p) => !names.has(`${p.objectType}:${p.name}`))
      retired = [...new Map(before.map((p) => [`${p.objectType}:${p.name}`, p])).values()]
      model = next
      catalog = undefined
    },
    async deleteContact(email) {
      if (running) throw new UpscoreError('internal', 'deleteContact: stop the sync first')
      // The signal of the last stop is aborted; this call needs one of its own.
      controller = new AbortController()
      await gdprDeleteContact({ caller, pause, random, budgetWaitMs: () => limiter.waitMs() }, email)
    },
    async idle() {
      for (;;) {
        const size = await store.outboxSize()
        if (size.contacts + size.companies === 0 && inFlight.size === 0) return
        await sleep(25)
      }
    },
    async health() {
      return toSyncHealth({
        running,
        provisioned: catalog !== undefined,
        outbox: await store.outboxSize(),
        deadLetters: await store.deadLetterCount(),
        limiter: limiter.state(),
        metrics: metrics.snapshot(),
        backoffUntilMs: backoffUntilMs > now() ? backoffUntilMs : undefined,
        nowMs: now(),
      })
    },
  }
}

/** A set-up refusal (a 400 or 403 on properties) needs a person: back off as for a refused token. */
const authLike: Failure = { kind: 'transient', status: undefined, reason: '', retryAfterMs: undefined, isAuth: true }
