import type { FastifyInstance } from 'fastify'
import type { CompiledModel } from '../scoring/compiled-model.ts'

export interface ModelRouteDeps {
  /** The model the service scores with. */
  model?: CompiledModel | undefined
}

/** `GET /api/model`: the model in use, its CRM properties, and how many events its filters found of the wrong type. */
export function registerModelRoutes(scope: FastifyInstance, deps: ModelRouteDeps): void {
  scope.get('/model', async () => {
    const model = deps.model
    if (model === undefined) return { model: null }
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
        labels: s.thresholds.map((t) => ({ label: t.label, atLeast: t.atLeast })),
      })),
      triggers: model.triggers.map((t) => ({ name: t.name, subject: t.subject, when: t.when.source, rearm: t.rearm })),
      crmProperties: model.crmProperties,
      typeMismatches: Object.fromEntries(model.typeMismatches),
    }
  })
}
