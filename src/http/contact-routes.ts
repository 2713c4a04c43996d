import type { FastifyInstance } from 'fastify'
import { UpscoreError } from '../errors.ts'
import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import type { ContactRecord } from '../storage/records.ts'
import type { Store } from '../storage/store.ts'
import { type HistoryEntryJson, type ScoreJson, toHistoryEntryJson, toScoresJson } from './score-json.ts'

export interface ContactRouteDeps {
  store: Pick<Store, 'findContact' | 'history'>
  /** The model in use: the colours of its labels. */
  model?: (() => CompiledModel) | undefined
}

/** A contact as `GET /api/contacts/{key}` answers it. */
export interface ContactJson {
  email: string | null
  userId: string | null
  companyId: string | null
  properties: Record<string, PropertyValue>
  scores: Record<string, ScoreJson>
  updatedAt: string
}

function toContactJson(record: ContactRecord, model: CompiledModel | undefined): ContactJson {
  return {
    email: record.email ?? null,
    userId: record.userId ?? null,
    companyId: record.companyId ?? null,
    properties: record.values,
    scores: toScoresJson(record.scores, model),
    updatedAt: new Date(record.updatedAtMs).toISOString(),
  }
}

/** `GET /api/contacts/{email-or-userId}` and its `/history`. Registered under the admin-token scope. */
export function registerContactRoutes(scope: FastifyInstance, deps: ContactRouteDeps): void {
  const findContact = async (key: string): Promise<ContactRecord> => {
    const record = await deps.store.findContact(key)
    if (record === undefined)
      throw new UpscoreError('not_found', `no contact has the email or userId ${JSON.stringify(key)}`)
    return record
  }

  scope.get<{ Params: { key: string } }>('/contacts/:key', async (request): Promise<ContactJson> => {
    return toContactJson(await findContact(request.params.key), deps.model?.())
  })

  scope.get<{ Params: { key: string } }>(
    '/contacts/:key/history',
    async (request): Promise<{ history: HistoryEntryJson[] }> => {
      const record = await findContact(request.params.key)
      const history = await deps.store.history('contact', record.id)
      return { history: history.map(toHistoryEntryJson) }
    },
  )
}
