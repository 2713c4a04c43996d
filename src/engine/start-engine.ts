import type { Config } from '../config.ts'
import { createHubspotSync, type HubspotSync } from '../crm/hubspot/hubspot-sync.ts'
import type { SyncHealth } from '../crm/hubspot/sync-health.ts'
import { replayDeadLetters } from '../crm/replay-dead-letters.ts'
import { createContactForgetter, type ForgetReport } from '../forget/contact-forgetter.ts'
import { createLiveModel } from '../live-model.ts'
import { createModelAdmin, type ModelAdmin } from '../model-admin/model-admin.ts'
import { createModelVersions } from '../model-admin/model-versions.ts'
import { chooseStartModel } from '../model-admin/start-model.ts'
import { applyModelChange } from '../pipeline/apply-model.ts'
import { startEventRetention } from '../pipeline/event-retention.ts'
import { createProcessor, type ProcessorStats } from '../pipeline/processor.ts'
import { withStoredCutoffs } from '../pipeline/stored-cutoffs.ts'
import { openStore } from '../storage/open-store.ts'

/**
 * Everything of the service that is not a request: processing (events and time), model changes and publishing, the
 * HubSpot sync and upkeep. It runs on a thread (or, later, a process) of its own, over its own connection to the
 * store, so that a request never waits for it; the request side reaches it through these methods only.
 */
export interface Engine {
  /** The text of the model scoring now. */
  modelText(): string
  /** New events are in the log. */
  wake(): void
  /** The model's draft, publishing and versions. */
  modelAdmin: ModelAdmin
  /** How many events each filter found with a property of the wrong type, by model path. */
  typeMismatches(): Promise<Record<string, number>>
  /** The HubSpot sync's health; undefined when the sync is off. */
  syncHealth(): Promise<SyncHealth | undefined>
  /** Resolves once the HubSpot outbox is empty and nothing is in flight (tests, benchmarks). */
  syncIdle(): Promise<void>
  /** Puts dead letters back in the outbox with their current values and wakes the sync; returns how many. */
  replayDeadLetters(entityIds?: readonly string[]): Promise<number>
  /**
   * Forgets the contact whose email or userId is `key` (a GDPR request), deleting it in HubSpot first when asked: see
   * `ContactForgetter`.
   */
  forgetContact(key: string, options: { hubspot: boolean }): Promise<ForgetReport>
  /** Resolves when the log is drained and nothing is due now, a publish under way included (tests, benchmarks). */
  idle(): Promise<void>
  stats(): ProcessorStats
  /** Waits for a publish under way, stops processing and the sync, and closes the store. */
  close(): Promise<void>
}

export interface EngineOptions {
  config: Config
  /** Where the engine reports, one line at a time. */
  print: (line: string) => void
  /** Told whenever another model becomes live, with its text. */
  onModelLive?: ((text: string) => void) | undefined
  /** Told after processing steps, at most every `statsIntervalMs`. */
  onStats?: ((stats: ProcessorStats) => void) | undefined
}

/**
 * Starts the engine: opens its store, chooses the model to start with (publishing a file given), brings the stored
 * state to it (a re-score when it changed), then starts processing and the sync. Resolves once it runs.
 */
export async function startEngine(options: EngineOptions): Promise<Engine> {
  const { config, print } = options
  const store = openStore(config)
  const versions = createModelVersions(store)
  const start = await chooseStartModel(config.modelPath, versions, Date.now(), print).catch(async (error) => {
    await store.close()
    throw error
  })
  let sync: HubspotSync | undefined
  if (config.hubspot !== undefined) {
    sync = createHubspotSync({
      store,
      model: start.model,
      hubspot: config.hubspot,
      fetch: globalThis.fetch,
      now: Date.now,
      log: print,
    })
  }
  const live = createLiveModel({
    store,
    versions,
    ...start,
    sync,
    newProcessor: (model) =>
      createProcessor({
        store,
        model,
        now: Date.now,
        log: print,
        onCommitted: () => {
          sync?.wake()
          options.onStats?.(live.processor.stats())
        },
        percentileIntervalMs: config.percentileIntervalMinutes * 60_000,
      }),
    now: Date.now,
    print,
    onModelLive: options.onModelLive,
  })
  const modelAdmin = createModelAdmin({ store, versions, live, now: Date.now })
  try {
    await applyModelChange(store, await withStoredCutoffs(store, start.model), Date.now, print)
    await live.start()
  } catch (error) {
    await store.close()
    throw error
  }
  const pruneHistory = () => {
    const beforeMs = Date.now() - config.historyRetentionDays * 86_400_000
    store.pruneHistory(beforeMs).catch((error: Error) => print(`pruning score history failed: ${error.message}`))
  }
  pruneHistory()
  const pruning = setInterval(pruneHistory, 3_600_000)
  pruning.unref()
  const retentionDays = config.eventRetentionDays
  const eventRetention =
    retentionDays === undefined ? undefined : startEventRetention({ store, retentionDays, now: Date.now, log: print })
  const forgetter = createContactForgetter({ store, live, sync, now: Date.now })
  let closed = false
  return {
    modelText: () => live.text(),
    wake: () => live.processor.wake(),
    modelAdmin,
    typeMismatches: async () => Object.fromEntries(live.model().typeMismatches),
    syncHealth: async () => sync?.health(),
    syncIdle: async () => sync?.idle(),
    async replayDeadLetters(entityIds) {
      const replayed = await replayDeadLetters(store, live.model(), Date.now(), entityIds)
      if (replayed > 0) sync?.wake()
      return replayed
    },
    forgetContact: (key, options) => forgetter.forget(key, options),
    idle: () => live.processor.idle(),
    stats: () => live.processor.stats(),
    async close() {
      if (closed) return
      closed = true
      clearInterval(pruning)
      await eventRetention?.stop()
      await live.close()
      await store.close()
    },
  }
}
