import type { FastifyInstance } from 'fastify'
import type { ModelAdmin } from '../model-admin/model-admin.ts'
import type { PublishOutcome, PublishProgress } from '../model-admin/publish-progress.ts'
import type { StoredCutoffs } from '../pipeline/stored-cutoffs.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import { labelsJson } from './labels-json.ts'
import { percentileLabelsJson } from './percentile-json.ts'

export interface ModelRouteDeps {
  /** The model the service scores with now. */
  model?: (() => CompiledModel) | undefined
  /** For the publish under way and the last one. */
  modelAdmin?: Pick<ModelAdmin, 'status'> | undefined
  /** The cut-offs of percentile labels in force (as the processor last worked them out). */
  scoreCutoffs?: (() => Promise<StoredCutoffs | undefined>) | undefined
  /** How many events each filter found with a property of the wrong type (the processor counts them). */
  typeMismatches?: (() => Promise<Record<string, number>>) | undefined
}

const iso = (ms: number) => new Date(ms).toISOString()

const publishingJson = ({ startedAtMs, ...rest }: PublishProgress) => ({ ...rest, startedAt: iso(startedAtMs) })

const lastPublishJson = ({ startedAtMs, finishedAtMs, ...rest }: PublishOutcome) => ({
  ...rest,
  startedAt: iso(startedAtMs),
  finishedAt: iso(finishedAtMs),
})

/**
 * `GET /api/model`: the model in use, its CRM properties, the cut-offs of its percentile labels, how many events its
 * filters found of the wrong type, and the publish under way (`publishing`, with its step and progress) or the last
 * one since start (`lastPublish`).
 */
export function registerModelRoutes(scope: FastifyInstance, deps: ModelRouteDeps): void {
  scope.get('/model', async () => {
    if (deps.model === undefined) return { model: null }
    const [status, cutoffs, typeMismatches] = await Promise.all([
      deps.modelAdmin?.status(),
      deps.scoreCutoffs?.(),
      deps.typeMismatches?.(),
    ])
    // Read after the status: the processing side tells a new live model before it says the publish has finished.
    const model = deps.model()
    const visible = (properties: CompiledModel['contact']['properties']) =>
      properties.filter((p) => p.hidden !== true).map((p) => ({ name: p.name, label: p.label, type: p.crmType }))
    return {
      name: model.name,
      version: model.version,
      properties: { contact: visible(model.contact.properties), company: visible(model.company.properties) },
      scores: [...model.contactScores, ...model.companyScores].map((s) => ({
        name: s.name,
        label: s.label,
        subject: s.subject,
        labels: labelsJson(s),
        percentileLabels: percentileLabelsJson(s, cutoffs),
      })),
      inactiveScores: model.inactiveScores,
      triggers: model.triggers.map((t) => ({ name: t.name, subject: t.subject, when: t.when.source, rearm: t.rearm })),
      crmProperties: model.crmProperties,
      typeMismatches: typeMismatches ?? Object.fromEntries(model.typeMismatches),
      publishing: status?.publishing === undefined ? null : publishingJson(status.publishing),
      lastPublish: status?.lastPublish === undefined ? null : lastPublishJson(status.lastPublish),
    }
  })
}
