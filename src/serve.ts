import { randomUUID } from 'node:crypto'
import type { Config } from './config.ts'
import { createHubspotSync, type HubspotSync } from './crm/hubspot/hubspot-sync.ts'
import { replayDeadLetters } from './crm/replay-dead-letters.ts'
import { UpscoreError } from './errors.ts'
import { createHttpServer } from './http/server.ts'
import { loadModel } from './load-model.ts'
import { applyModelChange } from './pipeline/apply-model.ts'
import { createProcessor, type Processor } from './pipeline/processor.ts'
import type { CompiledModel } from './scoring/compiled-model.ts'
import { openStore } from './storage/open-store.ts'
import type { Store } from './storage/store.ts'

export interface RunningService {
  url: string
  store: Store
  model: CompiledModel
  processor: Processor
  sync: HubspotSync | undefined
  close(): Promise<void>
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
  const model = loadModel(config.modelPath)
  const store = openStore(config)
  const log = (line: string) => print(line)
  let sync: HubspotSync | undefined
  const processor = createProcessor({ store, model, now: Date.now, log, onCommitted: () => sync?.wake() })
  if (config.hubspot !== undefined) {
    sync = createHubspotSync({ store, model, hubspot: config.hubspot, fetch: globalThis.fetch, now: Date.now, log })
  }
  const app = createHttpServer({
    store,
    writeKeys: config.writeKeys,
    adminToken: config.adminToken,
    now: Date.now,
    newMessageId: randomUUID,
    onEventsStored: () => processor.wake(),
    log,
    model,
    syncHealth: sync === undefined ? undefined : () => (sync as HubspotSync).health(),
    wakeSync: sync === undefined ? undefined : () => sync?.wake(),
    replayDeadLetters: (entityIds) => replayDeadLetters(store, model, Date.now(), entityIds),
  })
  await applyModelChange(store, model, Date.now, print)
  await processor.start()
  await sync?.start()
  if (config.hubspot === undefined) print('HubSpot sync is off: HUBSPOT_ACCESS_TOKEN is not set')
  else print(`HubSpot sync on: ${config.hubspot.baseUrl}`)
  const address = await app.listen({ port: config.port, host: config.host })
  const url = address.replace('[::1]', 'localhost')
  print(`upscore listening on ${url} (model "${model.name}" ${model.version}, data in ${config.dataDir})`)
  const pruneHistory = () => {
    const beforeMs = Date.now() - config.historyRetentionDays * 86_400_000
    store.pruneHistory(beforeMs).catch((error: Error) => log(`pruning score history failed: ${error.message}`))
  }
  pruneHistory()
  const pruning = setInterval(pruneHistory, 3_600_000)
  pruning.unref()
  let closed = false
  return {
    url,
    store,
    model,
    processor,
    sync,
    async close() {
      if (closed) return
      closed = true
      clearInterval(pruning)
      await app.close()
      await processor.stop()
      await sync?.stop()
      await store.close()
    },
  }
}
