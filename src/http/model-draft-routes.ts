import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { UpscoreError } from '../errors.ts'
import type { PublishStart } from '../live-model.ts'
import type { DraftOutcome, ModelAdmin } from '../model-admin/model-admin.ts'
import { buildErrorBody } from './error-body.ts'
import { httpStatusByCode } from './error-status.ts'

export interface ModelDraftRouteDeps {
  /** Drafts, publishing and versions; undefined: these routes do not exist. */
  modelAdmin?: ModelAdmin | undefined
}

const cloneBodySchema = z.strictObject({
  score: z.string().min(1),
  as: z.string().min(1),
})
const scoreBodySchema = z.strictObject({ score: z.string().min(1) })

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {})
  if (!parsed.success) throw new UpscoreError('invalid_request', z.prettifyError(parsed.error))
  return parsed.data
}

/** A draft, a publish begun (202; 200 when the model was live already), or 422 with every problem of the text. */
function answer(reply: FastifyReply, outcome: DraftOutcome | { ok: true; publish: PublishStart }) {
  if (outcome.ok && 'draft' in outcome) return outcome.draft
  if (outcome.ok) return reply.code(outcome.publish.state === 'started' ? 202 : 200).send(outcome.publish)
  const count = outcome.problems.length
  const error = buildErrorBody(
    'invalid_model_text',
    `the model has ${count} problem${count === 1 ? '' : 's'}; nothing was changed`,
  ).error
  const problems = outcome.problems.map(({ line, column, message }) => ({ line, column, message }))
  return reply.code(httpStatusByCode.invalid_model_text).send({ error: { ...error, problems } })
}

const dated = <T extends { publishedAtMs: number }>({ publishedAtMs, ...rest }: T) => ({
  ...rest,
  publishedAt: new Date(publishedAtMs).toISOString(),
})

/**
 * The model's lifecycle under `/api/model`: the draft (`PUT` takes the YAML text as the body), its diff against the
 * live model, clone / deactivate / activate of a score in it, reset, publish, and the published versions.
 */
export function registerModelDraftRoutes(scope: FastifyInstance, deps: ModelDraftRouteDeps): void {
  const admin = deps.modelAdmin
  if (admin === undefined) return
  scope.register(async (yaml) => {
    // The draft is YAML (JSON is YAML too), whatever the Content-Type says.
    yaml.addHook('onRequest', async (request) => {
      request.headers['content-type'] = 'application/yaml'
    })
    yaml.removeAllContentTypeParsers()
    yaml.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))
    yaml.put('/model/draft', async (request, reply) => answer(reply, await admin.saveDraft(String(request.body ?? ''))))
  })
  scope.get('/model/draft', () => admin.draft())
  scope.get('/model/draft/diff', () => admin.diffDraft())
  scope.post('/model/draft/reset', () => admin.resetDraft())
  scope.post('/model/draft/clone', async (request, reply) => {
    const body = parseBody(cloneBodySchema, request.body)
    return answer(reply, await admin.cloneScore(body.score, body.as))
  })
  for (const [path, isActive] of [
    ['/model/draft/deactivate', false],
    ['/model/draft/activate', true],
  ] as const) {
    scope.post(path, async (request, reply) => {
      const body = parseBody(scoreBodySchema, request.body)
      return answer(reply, await admin.setScoreActive(body.score, isActive))
    })
  }
  scope.post('/model/draft/publish', async (_request, reply) => answer(reply, await admin.publishDraft()))
  scope.get('/model/versions', async () => ({ versions: (await admin.versions()).map(dated) }))
  scope.get<{ Params: { version: string } }>('/model/versions/:version', async (request) => ({
    version: request.params.version,
    text: await admin.versionText(request.params.version),
  }))
  scope.post<{ Params: { version: string } }>('/model/versions/:version/publish', async (request, reply) =>
    answer(reply, await admin.publishVersion(request.params.version)),
  )
}
