import { describe, expect, it } from 'vitest'
import { compareBySort, matchesFilter, matchesQuery } from './search-filter.ts'

const record = { email: 'ada@acme.test', score: '87', createdate: '2026-11-26T12:00:00.000Z', name: 'Ada Lovelace' }

describe('matchesFilter', () => {
  it('compares EQ case-insensitively', () => {
    expect(matchesFilter(record, { propertyName: 'email', operator: 'EQ', value: 'ADA@acme.test' })).toBe(true)
  })

  it('compares numbers as numbers', () => {
    expect(matchesFilter(record, { propertyName: 'score', operator: 'GT', value: '9' })).toBe(true)
  })

  it('compares an ISO datetime with an ms-epoch value', () => {
    const at = Date.parse(record.createdate)
    expect(matchesFilter(record, { propertyName: 'createdate', operator: 'LT', value: String(at + 1) })).toBe(true)
    expect(matchesFilter(record, { propertyName: 'createdate', operator: 'GT', value: String(at) })).toBe(false)
  })

  it('keeps BETWEEN inclusive at both ends', () => {
    expect(matchesFilter(record, { propertyName: 'score', operator: 'BETWEEN', value: '87', highValue: '87' })).toBe(
      true,
    )
  })

  it('matches IN and NOT_IN against a list', () => {
    expect(matchesFilter(record, { propertyName: 'score', operator: 'IN', values: ['1', '87'] })).toBe(true)
    expect(matchesFilter(record, { propertyName: 'score', operator: 'NOT_IN', values: ['87'] })).toBe(false)
  })

  it('tells whether a property has a value', () => {
    expect(matchesFilter(record, { propertyName: 'phone', operator: 'HAS_PROPERTY' })).toBe(false)
    expect(matchesFilter(record, { propertyName: 'phone', operator: 'NOT_HAS_PROPERTY' })).toBe(true)
  })

  it('fails comparisons on a property without a value', () => {
    expect(matchesFilter(record, { propertyName: 'phone', operator: 'LT', value: '5' })).toBe(false)
  })

  it('matches CONTAINS_TOKEN on words and on * wildcards', () => {
    expect(matchesFilter(record, { propertyName: 'name', operator: 'CONTAINS_TOKEN', value: 'lovelace' })).toBe(true)
    expect(matchesFilter(record, { propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@acme.test' })).toBe(
      true,
    )
    expect(matchesFilter(record, { propertyName: 'name', operator: 'NOT_CONTAINS_TOKEN', value: 'ada' })).toBe(false)
  })
})

describe('matchesQuery', () => {
  it('matches words by prefix across the searchable properties', () => {
    expect(matchesQuery(record, ['email', 'name'], 'love ada')).toBe(true)
    expect(matchesQuery(record, ['email', 'name'], 'babbage')).toBe(false)
  })
})

describe('compareBySort', () => {
  it('puts records without the property last', () => {
    expect(compareBySort({ score: '1' }, {}, { propertyName: 'score', direction: 'DESCENDING' })).toBeLessThan(0)
  })
})
