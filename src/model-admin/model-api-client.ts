import { z } from 'zod'
import type { ApiClientConfig } from '../config.ts'
import { UpscoreError } from '../errors.ts'

/** The part of `fetch` the client uses. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{
  status: number
  json(): Promise<unknown>
}>

const locatedSchema = z.object({ line: z.number(), column: z.number(), message: z.string() })
const problemsSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    problems: z.array(locatedSchema).optional(),
  }),
})
const draftSchema = z.object({
  version: z.string(),
  name: z.string(),
  isLive: z.boolean(),
  // A service older than warnings in the draft answers without them.
  warnings: z.array(locatedSchema).default([]),
})
const publishSchema = z.object({ state: z.enum(['started', 'unchanged']), version: z.string(), name: z.string() })
const modelStatusSchema = z.object({
  version: z.string(),
  publishing: z
    .object({
      version: z.string(),
      step: z.string(),
      done: z.number(),
      total: z.number(),
      failures: z.number(),
      lastError: z.string().nullish(),
    })
    .nullish(),
})

export type Located = { line: number; column: number; message: string }
export type DraftAnswer = { ok: true; draft: z.infer<typeof draftSchema> } | { ok: false; problems: Located[] }
export type ModelStatus = z.infer<typeof modelStatusSchema>

/** The model lifecycle API of a running service, as the command line uses it. */
export interface ModelApiClient {
  saveDraft(text: string): Promise<DraftAnswer>
  publishDraft(): Promise<z.infer<typeof publishSchema>>
  status(): Promise<ModelStatus>
}

export function createModelApiClient(config: ApiClientConfig, fetch: FetchLike): ModelApiClient {
  const call = async (method: string, path: string, body?: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${config.adminToken}` }
    if (body !== undefined) headers['content-type'] = 'application/yaml'
    let response: Awaited<ReturnType<FetchLike>>
    try {
      response = await fetch(`${config.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) })
    } catch (error) {
      const why = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message
      throw new UpscoreError('invalid_config', `cannot reach the service at ${config.url}: ${why} (give --url)`)
    }
    return { status: response.status, json: await response.json().catch(() => undefined) }
  }
  const refused = (answer: { status: number; json: unknown }): UpscoreError => {
    const parsed = problemsSchema.safeParse(answer.json)
    const message = parsed.success ? parsed.data.error.message : `unexpected answer ${answer.status}`
    if (answer.status === 401) return new UpscoreError('unauthorized', `the service refused the token: ${message}`)
    if (answer.status === 409) return new UpscoreError('conflict', message)
    return new UpscoreError('internal', `${config.url} answered ${answer.status}: ${message}`)
  }
  const read = <T>(schema: z.ZodType<T>, answer: { status: number; json: unknown }): T => {
    const parsed = schema.safeParse(answer.json)
    if (answer.status >= 300 || !parsed.success) throw refused(answer)
    return parsed.data
  }
  return {
    async saveDraft(text) {
      const answer = await call('PUT', '/api/model/draft', text)
      const problems = problemsSchema.safeParse(answer.json)
      if (answer.status === 422 && problems.success) {
        return { ok: false, problems: problems.data.error.problems ?? [] }
      }
      return { ok: true, draft: read(draftSchema, answer) }
    },
    publishDraft: async () => read(publishSchema, await call('POST', '/api/model/draft/publish')),
    status: async () => read(modelStatusSchema, await call('GET', '/api/model')),
  }
}
