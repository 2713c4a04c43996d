import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { buildSimulatorApp } from './build-simulator-app.ts'
import { createCallStats } from './call-stats.ts'
import { createCrmState, snapshotCrmState } from './crm-state.ts'
import { createDataFileWriter, type DataFileWriter, readDataFile } from './data-file.ts'
import { createHeldTimers } from './held-timers.ts'
import { defaultOwners } from './owners.ts'
import { createRateLimiter } from './rate-limiter.ts'
import type { HubspotSimulatorOptions } from './simulator-options.ts'

/** A running (or ready to run) stand-in for HubSpot's CRM API. */
export type HubspotSimulator = {
  /** Loads the data file if any, starts listening, and resolves to the base URL `http://HOST:PORT`. */
  listen(options?: { port?: number | undefined; host?: string | undefined }): Promise<string>
  /** Stops listening (answering any held calls at once) and saves the data file. */
  close(): Promise<void>
  /** How many calls are held now (by added latency or a timeout fault): for tests that act while one is. */
  heldCalls(): number
}

/**
 * Creates the HubSpot simulator. It prints nothing; the caller reports the URL `listen` resolves to.
 * Defaults: 190 calls per rolling 10 s, 1,000,000 per day, 4 searches per second, no latency or faults, any bearer
 * token, data in memory.
 */
export function createHubspotSimulator(options: HubspotSimulatorOptions = {}): HubspotSimulator {
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  let app: FastifyInstance | undefined
  let writer: DataFileWriter | undefined
  const timers = createHeldTimers()

  return {
    heldCalls: () => timers.count(),
    async listen(listenOptions = {}) {
      if (app !== undefined) throw new Error('the HubSpot simulator is already listening')
      const dataFile = options.dataFile
      const restored = dataFile === undefined ? undefined : await readDataFile(dataFile)
      const state = createCrmState({
        owners: options.owners ?? defaultOwners,
        portalId: options.portalId ?? 62515,
        now,
        // Correlation ids come from their own source, so fault draws from `random` stay a plain sequence.
        newCorrelationId: () => randomUUID(),
        changed: () => writer?.schedule(),
        restored,
      })
      if (dataFile !== undefined) {
        writer = createDataFileWriter(dataFile, () => snapshotCrmState(state), options.saveDebounceMs ?? 200)
      }
      const faults = {
        rateLimitPer10s: options.rateLimitPer10s ?? 190,
        dailyLimit: options.dailyLimit ?? 1_000_000,
        searchPerSecond: options.searchPerSecond ?? 4,
        latencyMs: options.latencyMs ?? 0,
        errorRate: options.errorRate ?? 0,
        timeoutRate: options.timeoutRate ?? 0,
        timeoutMs: options.timeoutMs ?? 30_000,
        outageUntilMs: 0,
      }
      app = buildSimulatorApp({
        state,
        faults,
        limiter: createRateLimiter(faults, now),
        stats: createCallStats(),
        timers,
        token: options.token,
        random,
      })
      const host = listenOptions.host ?? '127.0.0.1'
      await app.listen({ port: listenOptions.port ?? 4010, host })
      const address = app.server.address()
      const port = typeof address === 'object' && address !== null ? address.port : listenOptions.port
      return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
    },
    async close() {
      timers.releaseAll()
      await app?.close()
      app = undefined
      await writer?.flush()
    },
  }
}
