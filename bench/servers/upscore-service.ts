// The whole service as `upscore serve` runs it (ingest, processor and, with HUBSPOT_ACCESS_TOKEN, the HubSpot sync),
// configured from the environment the bench process gives it.
import { loadConfig } from '../../src/config.ts'
import { startService } from '../../src/serve.ts'
import { LOG_START } from '../../src/storage/store.ts'
import { serveParent } from './parent-link.ts'

const quiet = process.env.BENCH_SERVICE_LOG !== '1'
const service = await startService(loadConfig(process.env), (line) => {
  if (!quiet) console.log(`[upscore] ${line}`)
})
serveParent(service.url, {
  /** Waits until the processor has applied every event in the log, then reports its counters. */
  idle: async () => {
    await service.processor.idle()
    return service.processor.stats()
  },
  stats: async () => service.processor.stats(),
  /** Events in the log that processing has not applied yet. */
  backlog: async () => (await service.store.logLag(await service.store.readCursor())).events,
  outbox: () => service.store.outboxSize(),
  /** Waits until the HubSpot sync's outbox is empty and nothing is in flight. */
  syncIdle: async () => {
    if (service.sync === undefined) throw new Error('the HubSpot sync is off')
    await service.sync.idle()
    return null
  },
  syncHealth: async () => (service.sync === undefined ? null : service.sync.health()),
  storedEvents: async () => (await service.store.logLag(LOG_START)).events,
  close: () => service.close(),
})
