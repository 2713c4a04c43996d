import type { FastifyInstance } from 'fastify'
import { UpscoreError } from '../errors.ts'
import type { PropertyValue } from '../properties/property-value.ts'
import type { ScoreResult } from '../scoring/score-result.ts'
import type { CompanyRecord } from '../storage/records.ts'
import type { Store } from '../storage/store.ts'
import { toScoresJson } from './score-json.ts'

export interface CompanyRouteDeps {
  store: Pick<Store, 'getCompany'>
}

/** A company as `GET /api/companies/{groupId}` answers it. */
export interface CompanyJson {
  groupId: string
  name: string | null
  properties: Record<string, PropertyValue>
  scores: Record<string, ScoreResult>
  updatedAt: string
}

function toCompanyJson(record: CompanyRecord): CompanyJson {
  return {
    groupId: record.id,
    name: record.name ?? null,
    properties: record.values,
    scores: toScoresJson(record.scores),
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
    return toCompanyJson(record)
  })
}
