import { z } from 'zod'
import type { ApiClientConfig } from '../config.ts'
import { createServiceApi, type FetchLike } from '../service-api.ts'

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
const versionsSchema = z.object({
  versions: z.array(
    z.object({
      version: z.string(),
      name: z.string(),
      publishedAt: z.string(),
      source: z.string(),
      isLive: z.boolean(),
    }),
  ),
})
const diffSchema = z.object({
  from: z.string(),
  to: z.string(),
  contacts: z.number(),
  scores: z.array(
    z.object({
      score: z.string(),
      compared: z.number(),
      changed: z.number(),
      up: z.number(),
      down: z.number(),
      meanChange: z.number(),
      labelMoves: z.array(z.object({ from: z.string().nullable(), to: z.string().nullable(), contacts: z.number() })),
      largest: z.array(z.object({ id: z.string(), from: z.number(), to: z.number() })),
    }),
  ),
  onlyBefore: z.array(z.string()),
  onlyAfter: z.array(z.string()),
})

export type Located = { line: number; column: number; message: string }
export type DraftAnswer = { ok: true; draft: z.infer<typeof draftSchema> } | { ok: false; problems: Located[] }
export type ModelStatus = z.infer<typeof modelStatusSchema>
export type PublishStarted = z.infer<typeof publishSchema>
export type VersionList = z.infer<typeof versionsSchema>['versions']
export type DraftDiff = z.infer<typeof diffSchema>

/** The model lifecycle API of a running service, as the command line uses it. */
export interface ModelApiClient {
  saveDraft(text: string): Promise<DraftAnswer>
  publishDraft(): Promise<PublishStarted>
  status(): Promise<ModelStatus>
  /** The draft becomes the live model again. */
  resetDraft(): Promise<z.infer<typeof draftSchema>>
  /** How the contacts' scores would change from the live model to the draft. */
  diffDraft(): Promise<DraftDiff>
  /** Every publication, newest first. */
  versions(): Promise<VersionList>
  /** Publishes a version published before (a roll-back). */
  publishVersion(version: string): Promise<PublishStarted>
}

export function createModelApiClient(config: ApiClientConfig, fetch: FetchLike): ModelApiClient {
  const api = createServiceApi(config, fetch)
  return {
    async saveDraft(text) {
      const answer = await api.call('PUT', '/api/model/draft', { text, contentType: 'application/yaml' })
      const problems = problemsSchema.safeParse(answer.json)
      if (answer.status === 422 && problems.success) {
        return { ok: false, problems: problems.data.error.problems ?? [] }
      }
      return { ok: true, draft: await api.read(draftSchema, answer) }
    },
    publishDraft: async () => api.read(publishSchema, await api.call('POST', '/api/model/draft/publish')),
    status: async () => api.read(modelStatusSchema, await api.call('GET', '/api/model')),
    resetDraft: async () => api.read(draftSchema, await api.call('POST', '/api/model/draft/reset')),
    diffDraft: async () => api.read(diffSchema, await api.call('GET', '/api/model/draft/diff')),
    versions: async () => (await api.read(versionsSchema, await api.call('GET', '/api/model/versions'))).versions,
    publishVersion: async (version) =>
      api.read(publishSchema, await api.call('POST', `/api/model/versions/${encodeURIComponent(version)}/publish`)),
  }
}
