import type { ObjectType } from './object-types.ts'

/** What the page was asked for: a filter, a label of the main score, and a sort per table. */
export interface PageQuery {
  /** Shows the records with this text in any property value or associated company (case aside). */
  text: string
  /** Shows the contacts with this label of the main score. */
  label: string
  sort: Partial<Record<ObjectType, { property: string; descending: boolean }>>
}

const first = (value: unknown): string => {
  const one = Array.isArray(value) ? value[0] : value
  return typeof one === 'string' ? one.slice(0, 200) : ''
}

/** Reads `?q=…&label=…&contacts.sort=…&contacts.dir=asc|desc` (and the same for companies and tasks). */
export function parsePageQuery(query: unknown): PageQuery {
  const fields = typeof query === 'object' && query !== null ? (query as Record<string, unknown>) : {}
  const sort: PageQuery['sort'] = {}
  for (const type of ['contacts', 'companies', 'tasks'] as const) {
    const property = first(fields[`${type}.sort`])
    if (property !== '') sort[type] = { property, descending: first(fields[`${type}.dir`]) !== 'asc' }
  }
  return { text: first(fields.q).trim(), label: first(fields.label), sort }
}

/** The query string of a page link: the current query with some fields set (empty ones left out). */
export function pageHref(query: PageQuery, changes: Record<string, string>): string {
  const fields: Record<string, string> = { q: query.text, label: query.label }
  for (const [type, sort] of Object.entries(query.sort)) {
    fields[`${type}.sort`] = sort.property
    fields[`${type}.dir`] = sort.descending ? 'desc' : 'asc'
  }
  Object.assign(fields, changes)
  const params = new URLSearchParams(Object.entries(fields).filter(([, value]) => value !== ''))
  const text = params.toString()
  return text === '' ? '/' : `/?${text}`
}
