import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { CrmState } from './crm-state.ts'
import type { ObjectType } from './object-types.ts'
import { parseBody } from './parse-body.ts'
import { toPublicObject } from './record-view.ts'
import { objectTypeOrReply, sendError } from './route-errors.ts'
import { compareBySort, matchesFilter, matchesQuery, type SearchSort, searchOperators } from './search-filter.ts'
import { sendJson } from './send-json.ts'

type TypeRoute = { Params: { objectType: string } }

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String)
const filterSchema = z.object({
  propertyName: z.string(),
  operator: z.enum(searchOperators),
  value: scalar.optional(),
  values: z.array(scalar).optional(),
  highValue: scalar.optional(),
})
// The spec types `sorts` as strings; the docs show objects. Both are accepted.
const sortSchema = z.union([
  z.string().transform((text): SearchSort => {
    const descending = text.startsWith('-')
    return { propertyName: descending ? text.slice(1) : text, direction: descending ? 'DESCENDING' : 'ASCENDING' }
  }),
  z.object({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING') }),
])
const searchSchema = z.object({
  filterGroups: z.array(z.object({ filters: z.array(filterSchema) })).default([]),
  sorts: z.array(sortSchema).default([]),
  query: z.string().max(3000).optional(),
  properties: z.array(z.string()).default([]),
  limit: z.number().int().min(0).default(10),
  after: z.union([z.string(), z.number()]).transform(String).optional(),
})

const MAX_LIMIT = 200
const MAX_RESULTS = 10_000
// Changelog of 26 Aug 2024; HubSpot's spec text says up to 6 groups, so the stricter numbers are kept.
const MAX_GROUPS = 5
const MAX_FILTERS_PER_GROUP = 10
const MAX_FILTERS = 25

/** Properties a free-text `query` looks in. */
const searchable: Record<ObjectType, readonly string[]> = {
  contacts: ['firstname', 'lastname', 'email', 'phone', 'company', 'hs_additional_emails'],
  companies: ['name', 'domain', 'website', 'phone'],
  tasks: ['hs_task_subject', 'hs_task_body'],
}

/**
 * CRM search: filter groups (OR of ANDs), one sort, free-text query, `limit` ≤ 200, `after` offset, and HubSpot's cap
 * of 10,000 reachable results (paging beyond is a 400). Its rate limit is applied by the gate, not here.
 */
export function registerSearchRoutes(app: FastifyInstance, state: CrmState): void {
  app.post<TypeRoute>('/crm/v3/objects/:objectType/search', async (request, reply) => {
    const type = objectTypeOrReply(reply, state, request.params.objectType)
    if (type === undefined) return reply
    const parsed = parseBody(searchSchema, request.body)
    if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
    const search = parsed.data
    const invalid = (message: string) => sendError(reply, state, 400, 'VALIDATION_ERROR', message)
    if (search.limit > MAX_LIMIT) return invalid(`limit ${search.limit} is over the maximum of ${MAX_LIMIT}`)
    if (search.filterGroups.length > MAX_GROUPS) return invalid(`At most ${MAX_GROUPS} filter groups are allowed`)
    const filterCount = search.filterGroups.reduce((sum, group) => sum + group.filters.length, 0)
    if (
      search.filterGroups.some((group) => group.filters.length > MAX_FILTERS_PER_GROUP) ||
      filterCount > MAX_FILTERS
    ) {
      return invalid(`At most ${MAX_FILTERS_PER_GROUP} filters per group and ${MAX_FILTERS} in all are allowed`)
    }
    if (search.sorts.length > 1) return invalid('Only one sort is allowed')
    const offset = Number(search.after ?? 0)
    if (!Number.isInteger(offset) || offset < 0) return invalid(`after must be a number, not ${search.after}`)
    if (offset >= MAX_RESULTS) {
      return invalid(`Paging beyond ${MAX_RESULTS} results is not allowed (after=${offset})`)
    }

    const matching = state.records
      .list(type)
      .filter(
        (record) =>
          (search.filterGroups.length === 0 ||
            search.filterGroups.some((group) =>
              group.filters.every((filter) => matchesFilter(record.properties, filter)),
            )) &&
          (search.query === undefined ||
            search.query === '' ||
            matchesQuery(record.properties, searchable[type], search.query)),
      )
    const sort = search.sorts[0]
    if (sort !== undefined)
      matching.sort((a, b) => compareBySort(a.properties, b.properties, sort) || Number(a.id) - Number(b.id))
    const page = matching.slice(offset, offset + search.limit)
    const next = offset + page.length
    return sendJson(reply, 200, {
      total: matching.length,
      results: page.map((record) => toPublicObject(record, type, state.properties, search.properties)),
      ...(next < matching.length && page.length > 0 ? { paging: { next: { after: String(next) } } } : {}),
    })
  })
}
