import { ownValue } from '../../data-record.ts'
import { parseTime } from './property-value.ts'

export const searchOperators = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const
export type SearchOperator = (typeof searchOperators)[number]

export type SearchFilter = {
  propertyName: string
  operator: SearchOperator
  value?: string | undefined
  values?: string[] | undefined
  highValue?: string | undefined
}

export type SearchSort = { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/

/**
 * Orders two property values: as numbers when both are numbers, as instants when both are dates or times (stored
 * ISO-8601 against a filter's ms epoch), else as case-insensitive text.
 */
export function compareValues(a: string, b: string): number {
  if (NUMBER.test(a) && NUMBER.test(b)) return Number(a) - Number(b)
  const timeA = parseTime(a)
  const timeB = parseTime(b)
  if (timeA !== undefined && timeB !== undefined) return timeA - timeB
  const lowerA = a.toLowerCase()
  const lowerB = b.toLowerCase()
  return lowerA < lowerB ? -1 : lowerA > lowerB ? 1 : 0
}

const tokens = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter((token) => token !== '')

function containsToken(text: string, wanted: string): boolean {
  const pattern = wanted.toLowerCase()
  if (pattern.includes('*')) {
    const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')
    const regex = new RegExp(`^${escaped}$`)
    return regex.test(text.toLowerCase()) || tokens(text).some((token) => regex.test(token))
  }
  return text.toLowerCase() === pattern || tokens(text).includes(pattern)
}

/**
 * Whether a record's properties pass one search filter. A record without the property fails every comparison but
 * passes NEQ, NOT_IN, NOT_HAS_PROPERTY and NOT_CONTAINS_TOKEN (a choice; HubSpot's handling of absent values in
 * negative operators is unverified).
 */
export function matchesFilter(properties: Readonly<Record<string, string>>, filter: SearchFilter): boolean {
  // The name comes from the request: a record has no `toString` property unless it was given one.
  const actual = ownValue(properties, filter.propertyName)
  const value = filter.value ?? ''
  const inValues = (): boolean =>
    actual !== undefined && (filter.values ?? []).some((candidate) => compareValues(actual, candidate) === 0)
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return actual !== undefined
    case 'NOT_HAS_PROPERTY':
      return actual === undefined
    case 'EQ':
      return actual !== undefined && compareValues(actual, value) === 0
    case 'NEQ':
      return actual === undefined || compareValues(actual, value) !== 0
    case 'LT':
      return actual !== undefined && compareValues(actual, value) < 0
    case 'LTE':
      return actual !== undefined && compareValues(actual, value) <= 0
    case 'GT':
      return actual !== undefined && compareValues(actual, value) > 0
    case 'GTE':
      return actual !== undefined && compareValues(actual, value) >= 0
    case 'BETWEEN':
      return (
        actual !== undefined && compareValues(actual, value) >= 0 && compareValues(actual, filter.highValue ?? '') <= 0
      )
    case 'IN':
      return inValues()
    case 'NOT_IN':
      return !inValues()
    case 'CONTAINS_TOKEN':
      return actual !== undefined && containsToken(actual, value)
    case 'NOT_CONTAINS_TOKEN':
      return actual === undefined || !containsToken(actual, value)
  }
}

/** Whether any word of the searchable properties starts with each word of a free-text query. */
export function matchesQuery(
  properties: Readonly<Record<string, string>>,
  searchable: readonly string[],
  query: string,
): boolean {
  const words = tokens(query)
  const haystack = searchable.flatMap((name) => {
    const text = ownValue(properties, name)
    return text === undefined ? [] : [text.toLowerCase(), ...tokens(text), ...text.toLowerCase().split(/[@.]/)]
  })
  return words.every((word) => haystack.some((candidate) => candidate.startsWith(word)))
}

/** Compares two records by one sort rule; absent values sort last. */
export function compareBySort(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
  sort: SearchSort,
): number {
  const left = ownValue(a, sort.propertyName)
  const right = ownValue(b, sort.propertyName)
  if (left === undefined || right === undefined) return left === right ? 0 : left === undefined ? 1 : -1
  const order = compareValues(left, right)
  return sort.direction === 'DESCENDING' ? -order : order
}
