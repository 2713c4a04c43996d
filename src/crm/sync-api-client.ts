import { z } from 'zod'
import type { ApiClientConfig } from '../config.ts'
import { createServiceApi, type FetchLike } from '../service-api.ts'

const healthSchema = z.object({
  running: z.boolean(),
  provisioned: z.boolean(),
  backlog: z.object({ contacts: z.number(), companies: z.number(), oldestChangeAgeMs: z.number().nullable() }),
  lastMinute: z.object({ calls: z.number(), records: z.number() }),
  rateLimited: z.number(),
  deadLetters: z.number(),
  latencyMs: z.object({ p50: z.number().nullable(), p99: z.number().nullable() }),
  budget: z.object({
    budgetPerWindow: z.number(),
    usedInWindow: z.number(),
    windowMs: z.number(),
    dailyBudget: z.number(),
    usedToday: z.number(),
    pausedUntil: z.string().nullable(),
  }),
  backoffUntil: z.string().nullable(),
  lastError: z.object({ at: z.string(), message: z.string() }).nullable(),
})

const deadLettersSchema = z.object({
  total: z.number(),
  deadLetters: z.array(
    z.object({ objectType: z.string(), entityId: z.string(), idValue: z.string(), reason: z.string(), at: z.string() }),
  ),
})

export type SyncHealthView = z.infer<typeof healthSchema>
export type DeadLetterList = z.infer<typeof deadLettersSchema>

/** The HubSpot sync's API of a running service (`/api/sync`), as the command line uses it. */
export interface SyncApiClient {
  health(): Promise<SyncHealthView>
  /** The newest `limit` dead letters, and how many there are. */
  deadLetters(limit: number): Promise<DeadLetterList>
}

export function createSyncApiClient(config: ApiClientConfig, fetch: FetchLike): SyncApiClient {
  const api = createServiceApi(config, fetch)
  return {
    health: async () => api.read(healthSchema, await api.call('GET', '/api/sync')),
    deadLetters: async (limit) =>
      api.read(deadLettersSchema, await api.call('GET', `/api/sync/dead-letters?limit=${limit}`)),
  }
}
