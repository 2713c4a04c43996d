import type { Worker } from 'node:worker_threads'
import type { Config } from '../config.ts'
import { UpscoreError } from '../errors.ts'
import type { ModelAdmin } from '../model-admin/model-admin.ts'
import type { ProcessorStats } from '../pipeline/processor.ts'
import { siblingWorkerUrl, startWorker } from '../start-worker.ts'
import type { EngineMessage, EngineWorkerData, FrontMessage } from './engine-protocol.ts'
import { fromSentError } from './sent-error.ts'
import type { Engine } from './start-engine.ts'

/**
 * The engine as the request side sees it: the same calls as `Engine`, each answered from the engine's thread
 * (`stats()` gives the counters the engine last sent).
 */
export type EngineClient = Engine

export interface EngineClientOptions {
  config: Config
  print: (line: string) => void
  /** Told when another model has become live, with its text. */
  onModelLive?: ((text: string) => void) | undefined
}

const workerUrl = siblingWorkerUrl('engine-worker', import.meta.url)

/** After a crash, the engine starts again after this long. */
const RESTART_DELAY_MS = 1000
/** How long a closing engine may take to finish a step and close its store before it is stopped. */
const CLOSE_TIMEOUT_MS = 30_000

const noStats: ProcessorStats = { eventsProcessed: 0, contactsScored: 0, companiesScored: 0, timeSteps: 0 }

const modelAdminMethods = [
  'draft',
  'saveDraft',
  'resetDraft',
  'diffDraft',
  'cloneScore',
  'setScoreActive',
  'publishDraft',
  'publishVersion',
  'versions',
  'versionText',
  'status',
] as const satisfies readonly (keyof ModelAdmin)[]

/**
 * Starts the engine on a worker thread and resolves once it runs (its model applied, processing started); rejects
 * with the engine's own error when it cannot start (an invalid model file, say). Should the thread die later, it is
 * started again — with the model last published — and the calls it had not answered fail.
 */
export async function startEngineClient(options: EngineClientOptions): Promise<EngineClient> {
  const { print } = options
  let worker: Worker
  let modelText = ''
  let stats = noStats
  let earlierStats = noStats
  let nextId = 0
  let closing = false
  let wakePending = false
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  let closed: (() => void) | undefined

  const send = (message: FrontMessage) => worker.postMessage(message)
  const failWaiting = (error: Error) => {
    for (const entry of waiting.values()) entry.reject(error)
    waiting.clear()
  }

  const launch = (config: Config): Promise<void> =>
    new Promise((resolve, reject) => {
      let running = false
      const data: EngineWorkerData = { config }
      worker = startWorker(workerUrl, data)
      worker.on('message', (message: EngineMessage) => {
        switch (message.kind) {
          case 'started':
            running = true
            modelText = message.modelText
            return resolve()
          case 'failed':
            return reject(fromSentError(message.error))
          case 'log':
            return print(message.line)
          case 'model':
            modelText = message.text
            return options.onModelLive?.(message.text)
          case 'stats':
            stats = message.stats
            return
          case 'reply': {
            const entry = waiting.get(message.id)
            waiting.delete(message.id)
            if (message.ok) entry?.resolve(message.value)
            else entry?.reject(fromSentError(message.error))
            return
          }
          case 'closed':
            return closed?.()
        }
      })
      worker.on('error', (error) => {
        if (!running) return reject(error)
        print(`processing stopped on an error, starting again in 1 s: ${error.stack ?? error.message}`)
      })
      worker.on('exit', (code) => {
        failWaiting(new UpscoreError('internal', 'processing stopped before it answered'))
        if (!running) return reject(new Error(`the engine's thread stopped with code ${code} while starting`))
        if (closing) return
        earlierStats = sum(earlierStats, stats)
        stats = noStats
        setTimeout(() => restart(config), RESTART_DELAY_MS).unref()
      })
    })

  const restart = (config: Config) => {
    if (closing) return
    // The model last published, not a file given at start: that one was published then.
    launch({ ...config, modelPath: undefined }).catch((error: Error) => {
      print(`processing could not start again, trying again in 1 s: ${error.message}`)
      setTimeout(() => restart(config), RESTART_DELAY_MS).unref()
    })
  }

  const call = <T>(method: string, ...args: unknown[]): Promise<T> => {
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject })
      send({ kind: 'call', id, method, args })
    })
  }

  await launch(options.config)

  const modelAdmin = Object.fromEntries(
    modelAdminMethods.map((method) => [method, (...args: unknown[]) => call(`modelAdmin.${method}`, ...args)]),
  ) as unknown as ModelAdmin

  return {
    modelText: () => modelText,
    wake() {
      // One message per turn of the event loop, however many requests stored events in it.
      if (wakePending) return
      wakePending = true
      setImmediate(() => {
        wakePending = false
        send({ kind: 'wake' })
      })
    },
    modelAdmin,
    typeMismatches: () => call('typeMismatches'),
    syncHealth: () => call('syncHealth'),
    syncIdle: () => call('syncIdle'),
    replayDeadLetters: (entityIds) => call('replayDeadLetters', entityIds),
    forgetContact: (key, options) => call('forgetContact', key, options),
    idle: () => call('idle'),
    stats: () => sum(earlierStats, stats),
    async close() {
      if (closing) return
      closing = true
      const done = new Promise<void>((resolve) => {
        closed = resolve
      })
      send({ kind: 'close' })
      const timer = setTimeout(() => {
        print(
          'processing did not stop in time: stopped where it was (the events are kept and applied at the next start)',
        )
        closed?.()
      }, CLOSE_TIMEOUT_MS)
      await done
      clearTimeout(timer)
      await worker.terminate()
    },
  }
}

const sum = (a: ProcessorStats, b: ProcessorStats): ProcessorStats => ({
  eventsProcessed: a.eventsProcessed + b.eventsProcessed,
  contactsScored: a.contactsScored + b.contactsScored,
  companiesScored: a.companiesScored + b.companiesScored,
  timeSteps: a.timeSteps + b.timeSteps,
})
