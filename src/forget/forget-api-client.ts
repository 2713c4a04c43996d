import { z } from 'zod'
import type { ApiClientConfig } from '../config.ts'
import { createServiceApi, type FetchLike } from '../service-api.ts'

const forgetReportSchema = z.object({
  contactIds: z.array(z.string()),
  removed: z.object({
    contacts: z.number(),
    identities: z.number(),
    events: z.number(),
    scoreHistory: z.number(),
    outbox: z.number(),
    deadLetters: z.number(),
    crmIds: z.number(),
  }),
  companies: z.array(z.string()),
  hubspot: z.enum(['deleted', 'not_asked', 'no_email']),
})
export type ForgetAnswer = z.infer<typeof forgetReportSchema>

/** `DELETE /api/contacts/{key}` of a running service, as `upscore forget` calls it. */
export interface ForgetApiClient {
  forget(key: string, options: { hubspot: boolean }): Promise<ForgetAnswer>
}

export function createForgetApiClient(config: ApiClientConfig, fetch: FetchLike): ForgetApiClient {
  const api = createServiceApi(config, fetch)
  return {
    async forget(key, options) {
      const path = `/api/contacts/${encodeURIComponent(key)}${options.hubspot ? '?hubspot=true' : ''}`
      return api.read(forgetReportSchema, await api.call('DELETE', path))
    },
  }
}
