import type { FastifyInstance } from 'fastify'
import { UpscoreError } from '../errors.ts'
import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import type { CompanyRecord } from '../storage/records.ts'
import type { Store } from '../storage/store.ts'
import { type ScoreJson, toScoresJson } from './score-json.ts'

export interface CompanyRouteDeps {
  store: Pick<Store, 'getCompany'>
  /** The model in use: the colours of its labels. */
  model?: (() => CompiledModel) | undefined
}

/** A company as `GET /api/companies/{groupId}` answers it. */
export interface CompanyJson {
  groupId: string
  name: string | null
  properties: Record<string, PropertyValue>
  scores: Record<string, ScoreJson>
  updatedAt: string
}

function toCompanyJson(record: CompanyRecord, model: CompiledModel | undefined): CompanyJson {
  return {
    groupId: record.id,
    name: record.name ?? null,
    properties: record.values,
    scores: toScoresJson(record.scores, model),
    updatedAt: new Date(record.updatedAtMs).toISOString(),
  }
}

/** `GET /api/companies/{groupId}`. Registered under the admin-token scope. */
export function registerCompanyRoutes(scope: FastifyInstance, deps: CompanyRouteDeps): void {
  scope.get<{ Params: { groupId: string } }>('/companies/:groupId', async (request): Promise<CompanyJson> => {
    const record = await deps.store.getCompany(request.params.groupId)
    if (record === undefined) {
      throw new UpscoreError('not_found', `no company has the groupId ${JSON.stringify(request.params.groupId)}`)
    }
    return toCompanyJson(record, deps.model?.())
  })
}
