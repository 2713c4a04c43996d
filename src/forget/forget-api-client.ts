import { z } from 'zod'
import type { ApiClientConfig } from '../config.ts'
import { UpscoreError } from '../errors.ts'
import type { FetchLike } from '../model-admin/model-api-client.ts'

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
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) })

export type ForgetAnswer = z.infer<typeof forgetReportSchema>

/** `DELETE /api/contacts/{key}` of a running service, as `upscore forget` calls it. */
export interface ForgetApiClient {
  forget(key: string, options: { hubspot: boolean }): Promise<ForgetAnswer>
}

export function createForgetApiClient(config: ApiClientConfig, fetch: FetchLike): ForgetApiClient {
  return {
    async forget(key, options) {
      const url = `${config.url}/api/contacts/${encodeURIComponent(key)}${options.hubspot ? '?hubspot=true' : ''}`
      let response: Awaited<ReturnType<FetchLike>>
      try {
        response = await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${config.adminToken}` } })
      } catch (error) {
        const why = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message
        throw new UpscoreError('invalid_config', `cannot reach the service at ${config.url}: ${why} (give --url)`)
      }
      const body = await response.json().catch(() => undefined)
      const report = forgetReportSchema.safeParse(body)
      if (response.status === 200 && report.success) return report.data
      const refusal = errorSchema.safeParse(body)
      const message = refusal.success ? refusal.data.error.message : `unexpected answer ${response.status}`
      if (response.status === 404) throw new UpscoreError('not_found', message)
      if (response.status === 401) throw new UpscoreError('unauthorized', `the service refused the token: ${message}`)
      if (response.status === 409) throw new UpscoreError('conflict', message)
      throw new UpscoreError('internal', `${config.url} answered ${response.status}: ${message}`)
    },
  }
}
