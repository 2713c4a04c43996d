import { randomUUID } from 'node:crypto'
import { type Config, secretsOf } from './config.ts'
import type { SyncHealth } from './crm/hubspot/sync-health.ts'
import { startEngineClient } from './engine/engine-client.ts'
import { UpscoreError } from './errors.ts'
import { trackInFlightRequests } from './http/in-flight-requests.ts'
import { createLagGuard } from './http/processing-lag.ts'
import { createHttpServer } from './http/server.ts'
import { checkModelText } from './load-model.ts'
import type { ProcessorStats } from './pipeline/processor.ts'
import { readStoredCutoffs } from './pipeline/stored-cutoffs.ts'
import type { CompiledModel } from './scoring/compiled-model.ts'
import { createSecretRedactor } from './secret-redactor.ts'
import { openStore } from './storage/open-store.ts'
import type { Store } from './storage/store.ts'
import { createWriteReadiness } from './storage/write-readiness.ts'

/** The processing side as the request side sees it. */
export interface ProcessingView {
  /** New events are in the log. */
  wake(): void
  /** Resolves when the log is drained and nothing is due now, a publish under way included. */
  idle(): Promise<void>
  /** Counters as processing last reported them. */
  stats(): ProcessorStats
}

/** The HubSpot sync as the request side sees it. */
export interface SyncView {
  idle(): Promise<void>
  health(): Promise<SyncHealth>
}

export interface RunningService {
  url: string
  /** The request side's connection to the store. */
  store: Store
  /** The model scoring now (it changes when one is published). */
  readonly model: CompiledModel
  processor: ProcessingView
  /** Undefined when the sync is off. */
  sync: SyncView | undefined
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

function compile(text: string): CompiledModel {
  const checked = checkModelText(text, 'live model')
  // The engine scores with this very text: it compiled it already.
  if (!checked.ok) throw new UpscoreError('internal', 'the live model does not compile on the request side')
  return checked.model
}

/**
 * Starts the whole service on one process, on two threads: this one answers requests — ingest appends to the event
 * log and acknowledges, the read API reads the store — and an engine thread does everything else (processing of
 * events and time, model changes, the HubSpot sync), over its own connection, so that no request waits for it.
 * Resolves once it listens.
 */
export async function startService(config: Config, printLine: Print): Promise<RunningService> {
  if (config.writeKeys.length === 0) {
    throw new UpscoreError(
      'invalid_config',
      'UPSCORE_WRITE_KEYS is not set: give at least one write key for the ingest API',
    )
  }
  if (config.adminToken === undefined) {
    throw new UpscoreError('invalid_config', 'UPSCORE_ADMIN_TOKEN is not set: give a token for the read API')
  }
  // Read, but not acted on yet: starting would let a person believe alerts go out.
  if (config.slackWebhookUrl !== undefined) {
    throw new UpscoreError(
      'invalid_config',
      'Slack alerts are not available in this version yet: unset SLACK_WEBHOOK_URL',
    )
  }
  // Every line goes out through the redactor: an error that quotes a secret never writes it to the log.
  const redact = createSecretRedactor(secretsOf(config))
  const print: Print = (line) => printLine(redact(line))
  // Opened first: it brings the files to the latest schema before the engine opens them too.
  const store = openStore(config)
  const readiness = createWriteReadiness({ store, dataDir: config.dataDir, now: Date.now })
  let model: CompiledModel
  const engine = await startEngineClient({
    config,
    print,
    onModelLive: (text) => {
      model = compile(text)
    },
  }).catch(async (error) => {
    await store.close()
    throw error
  })
  model = compile(engine.modelText())
  const lag = createLagGuard({
    store,
    maxEvents: config.maxLagEvents,
    maxSeconds: config.maxLagSeconds,
    now: Date.now,
    onChange: ({ events, seconds, isRefusing }) =>
      print(
        isRefusing
          ? `ingest refuses events (503): processing is ${events} events (${seconds} s) behind`
          : `ingest takes events again: processing is ${events} events (${seconds} s) behind`,
      ),
  })
  const hasSync = config.hubspot !== undefined
  const app = createHttpServer({
    store: readiness.watch(store),
    readiness: () => readiness.check(),
    writeKeys: config.writeKeys,
    adminToken: config.adminToken,
    now: Date.now,
    newMessageId: randomUUID,
    onEventsStored: () => engine.wake(),
    processingLag: () => lag.lag(),
    log: print,
    model: () => model,
    typeMismatches: () => engine.typeMismatches(),
    scoreCutoffs: () => readStoredCutoffs(store),
    modelAdmin: engine.modelAdmin,
    syncHealth: hasSync ? async () => (await engine.syncHealth()) as SyncHealth : undefined,
    replayDeadLetters: (entityIds) => engine.replayDeadLetters(entityIds),
    forgetContact: (key, options) => engine.forgetContact(key, options),
  })
  const inFlight = trackInFlightRequests(app.server)
  if (config.hubspot === undefined) print('HubSpot sync is off: HUBSPOT_ACCESS_TOKEN is not set')
  else print(`HubSpot sync on: ${config.hubspot.baseUrl}`)
  const address = await app.listen({ port: config.port, host: config.host }).catch(async (error) => {
    lag.stop()
    await engine.close()
    await store.close()
    throw error
  })
  const url = address.replace('[::1]', 'localhost')
  print(`upscore listening on ${url} (model "${model.name}" ${model.version}, data in ${config.dataDir})`)
  let closing: Promise<void> | undefined
  let step: 'http' | 'work' | 'store' | 'closed' = 'http'
  const describeStep = (): string => {
    if (step === 'http') return `finishing ${inFlight.count()} request(s) in flight`
    if (step === 'work') return 'stopping processing and the HubSpot sync (a model publish under way goes live first)'
    if (step === 'store') return 'closing the store'
    return 'nothing'
  }
  return {
    url,
    store,
    get model() {
      return model
    },
    processor: { wake: () => engine.wake(), idle: () => engine.idle(), stats: () => engine.stats() },
    sync: hasSync
      ? { idle: () => engine.syncIdle(), health: async () => (await engine.syncHealth()) as SyncHealth }
      : undefined,
    close() {
      closing ??= (async () => {
        lag.stop()
        inFlight.closeConnectionsAfterAnswers()
        await app.close()
        step = 'work'
        await engine.close()
        step = 'store'
        await store.close()
        step = 'closed'
      })()
      return closing
    },
    closingStep: () => (closing === undefined ? undefined : describeStep()),
  }
}
