// The engine's thread: starts the engine over its own store connection and answers the request side's calls.
import { parentPort, workerData } from 'node:worker_threads'
import type { ProcessorStats } from '../pipeline/processor.ts'
import type { EngineMessage, EngineWorkerData, FrontMessage } from './engine-protocol.ts'
import { toSentError } from './sent-error.ts'
import { type Engine, startEngine } from './start-engine.ts'

/** How often processing counters go to the request side at most. */
const STATS_INTERVAL_MS = 250

const port = parentPort
if (port === null) throw new Error('engine-worker runs on a worker thread')
const { config } = workerData as EngineWorkerData
const post = (message: EngineMessage) => port.postMessage(message)

let lastStatsAtMs = 0
const onStats = (stats: ProcessorStats) => {
  const now = Date.now()
  if (now - lastStatsAtMs < STATS_INTERVAL_MS) return
  lastStatsAtMs = now
  post({ kind: 'stats', stats })
}

/** The calls the request side may make: every model-admin method, and the engine's own. */
function methodOf(engine: Engine, name: string): ((...args: unknown[]) => unknown) | undefined {
  const [target, method] = name.startsWith('modelAdmin.') ? [engine.modelAdmin, name.slice(11)] : [engine, name]
  if (!Object.hasOwn(target, method) || method === 'close') return undefined
  const value = (target as unknown as Record<string, unknown>)[method]
  return typeof value === 'function' ? (value as (...args: unknown[]) => unknown) : undefined
}

const started = startEngine({
  config,
  print: (line) => post({ kind: 'log', line }),
  onModelLive: (text) => post({ kind: 'model', text }),
  onStats,
})
started.then(
  (engine) => post({ kind: 'started', modelText: engine.modelText() }),
  (error: unknown) => post({ kind: 'failed', error: toSentError(error) }),
)

port.on('message', async (message: FrontMessage) => {
  if (message.kind === 'wake') {
    started.then(
      (engine) => engine.wake(),
      () => undefined,
    )
    return
  }
  if (message.kind === 'close') {
    const engine = await started.catch(() => undefined)
    await engine?.close()
    post({ kind: 'closed' })
    return
  }
  try {
    const engine = await started
    const method = methodOf(engine, message.method)
    if (method === undefined) throw new Error(`the engine has no method ${message.method}`)
    const value = await method(...message.args)
    post({ kind: 'reply', id: message.id, ok: true, value })
  } catch (error) {
    post({ kind: 'reply', id: message.id, ok: false, error: toSentError(error) })
  }
})
