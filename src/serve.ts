import { randomUUID } from 'node:crypto'
import type { Config } from './config.ts'
import { createHubspotSync, type HubspotSync } from './crm/hubspot/hubspot-sync.ts'
import { replayDeadLetters } from './crm/replay-dead-letters.ts'
import { UpscoreError } from './errors.ts'
import { trackInFlightRequests } from './http/in-flight-requests.ts'
import { createHttpServer } from './http/server.ts'
import { createLiveModel } from './live-model.ts'
import { createModelAdmin } from './model-admin/model-admin.ts'
import { createModelVersions } from './model-admin/model-versions.ts'
import { chooseStartModel } from './model-admin/start-model.ts'
import { applyModelChange } from './pipeline/apply-model.ts'
import { createProcessor, type Processor } from './pipeline/processor.ts'
import { readStoredCutoffs, withStoredCutoffs } from './pipeline/stored-cutoffs.ts'
import type { CompiledModel } from './scoring/compiled-model.ts'
import { openStore } from './storage/open-store.ts'
import type { Store } from './storage/store.ts'
import { createWriteReadiness } from './storage/write-readiness.ts'

export interface RunningService {
  url: string
  store: Store
  /** The model scoring now (it changes when one is published). */
  readonly model: CompiledModel
  /** The processing loop, whichever model it runs with. */
  processor: Processor
  sync: HubspotSync | undefined
  /**
   * Stops gracefully: no new connections; requests in flight finish (an acknowledged event is stored); a model
   * publish under way goes live; processing and the sync stop between two steps; the store closes.
   */
  close(): Promise<void>
  /** While `close()` runs: what it is waiting for, in words (for a line when a stop is cut short). */
  closingStep(): string | undefined
}

/** Where `serve` reports: one line at a time. */
export type Print = (line: string) => void

/**
 * Starts the whole service on one process: ingest and read API, the processor (events and time), and the HubSpot
 * sync when a token is configured. Resolves once it listens.
 */
export async function startService(config: Config, print: Print): Promise<RunningService> {
  if (config.writeKeys.length === 0) {
    throw new UpscoreError(
      'invalid_config',
      'UPSCORE_WRITE_KEYS is not set: give at least one write key for the ingest API',
    )
  }
  if (config.adminToken === undefined) {
    throw new UpscoreError('invalid_config', 'UPSCORE_ADMIN_TOKEN is not set: give a token for the read API')
  }
  const store = openStore(config)
  const readiness = createWriteReadiness({ store, dataDir: config.dataDir, now: Date.now })
  const log = (line: string) => print(line)
  const versions = createModelVersions(store)
  const start = await chooseStartModel(config.modelPath, versions, Date.now(), print).catch(async (error) => {
    await store.close()
    throw error
  })
  let sync: HubspotSync | undefined
  if (config.hubspot !== undefined) {
    const hubspot = config.hubspot
    sync = createHubspotSync({ store, model: start.model, hubspot, fetch: globalThis.fetch, now: Date.now, log })
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
        log,
        onCommitted: () => sync?.wake(),
        percentileIntervalMs: config.percentileIntervalMinutes * 60_000,
      }),
    now: Date.now,
    print,
  })
  const app = createHttpServer({
    store: readiness.watch(store),
    readiness: () => readiness.check(),
    writeKeys: config.writeKeys,
    adminToken: config.adminToken,
    now: Date.now,
    newMessageId: randomUUID,
    onEventsStored: () => live.processor.wake(),
    log,
    model: () => live.model(),
    scoreCutoffs: () => readStoredCutoffs(store),
    modelAdmin: createModelAdmin({ store, versions, live, now: Date.now }),
    syncHealth: sync === undefined ? undefined : () => (sync as HubspotSync).health(),
    wakeSync: sync === undefined ? undefined : () => sync?.wake(),
    replayDeadLetters: (entityIds) => replayDeadLetters(store, live.model(), Date.now(), entityIds),
  })
  const inFlight = trackInFlightRequests(app.server)
  await applyModelChange(store, await withStoredCutoffs(store, start.model), Date.now, print)
  await live.start()
  if (config.hubspot === undefined) print('HubSpot sync is off: HUBSPOT_ACCESS_TOKEN is not set')
  else print(`HubSpot sync on: ${config.hubspot.baseUrl}`)
  const address = await app.listen({ port: config.port, host: config.host })
  const url = address.replace('[::1]', 'localhost')
  const { model } = start
  print(`upscore listening on ${url} (model "${model.name}" ${model.version}, data in ${config.dataDir})`)
  const pruneHistory = () => {
    const beforeMs = Date.now() - config.historyRetentionDays * 86_400_000
    store.pruneHistory(beforeMs).catch((error: Error) => log(`pruning score history failed: ${error.message}`))
  }
  pruneHistory()
  const pruning = setInterval(pruneHistory, 3_600_000)
  pruning.unref()
  let closing: Promise<void> | undefined
  let step: 'http' | 'work' | 'store' | 'closed' = 'http'
  const describeStep = (): string => {
    if (step === 'http') return `finishing ${inFlight.count()} request(s) in flight`
    if (step === 'store') return 'closing the store'
    if (step === 'closed') return 'nothing'
    const publish = live.publishing()
    if (publish === undefined) return 'stopping processing and the HubSpot sync'
    return `publishing model ${publish.version} (${publish.step}, ${publish.done} of ${publish.total}); it is published again at the next start`
  }
  return {
    url,
    store,
    get model() {
      return live.model()
    },
    processor: live.processor,
    sync,
    close() {
      closing ??= (async () => {
        clearInterval(pruning)
        inFlight.closeConnectionsAfterAnswers()
        await app.close()
        step = 'work'
        await live.close()
        step = 'store'
        await store.close()
        step = 'closed'
      })()
      return closing
    },
    closingStep: () => (closing === undefined ? undefined : describeStep()),
  }
}
