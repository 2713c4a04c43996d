import { describe, expect, it } from 'vitest'
import type { CrmPropertyDefinition } from '../../scoring/compiled-model.ts'
import type { OutboxEntry } from '../../storage/store.ts'
import { backoffDelayMs, transientBackoff } from './backoff.ts'
import { planBatch, shouldLinger, splitInHalves } from './batch-plan.ts'
import { toPropertyCreate } from './property-types.ts'
import { entryProblem } from './sync-batch.ts'
import { percentile } from './sync-metrics.ts'
import { valueProblem } from './validate-value.ts'

const entry = (entityId: string, idValue: string): OutboxEntry => ({
  objectType: 'contacts',
  entityId,
  idValue,
  properties: {},
  companyId: undefined,
  version: 1,
  firstChangedAtMs: 0,
  attempts: 0,
})

const definition = (type: CrmPropertyDefinition['type'], extra: Partial<CrmPropertyDefinition> = {}) => ({
  objectType: 'contacts' as const,
  name: 'p',
  label: 'P',
  description: 'd',
  type,
  ...extra,
})

describe('property types', () => {
  it('maps each upscore type to a valid HubSpot type and field type', () => {
    const bool = toPropertyCreate(definition('bool'), 'product_usage')
    expect([bool.type, bool.fieldType, bool.options?.map((o) => o.value)]).toEqual([
      'bool',
      'booleancheckbox',
      ['true', 'false'],
    ])
    expect(toPropertyCreate(definition('number'), 'g')).toMatchObject({
      type: 'number',
      fieldType: 'number',
      groupName: 'g',
    })
    expect(toPropertyCreate(definition('string'), 'g')).toMatchObject({ type: 'string', fieldType: 'text' })
    expect(toPropertyCreate(definition('datetime'), 'g')).toMatchObject({ type: 'datetime', fieldType: 'date' })
    expect(toPropertyCreate(definition('string', { hasUniqueValue: true }), 'g').hasUniqueValue).toBe(true)
  })
})

describe('value validation', () => {
  const number = { name: 'n', type: 'number' }
  it('accepts values of the right type and "" (clear)', () => {
    expect(valueProblem(number, '-12.5')).toBeUndefined()
    expect(valueProblem(number, '')).toBeUndefined()
    expect(valueProblem({ name: 'b', type: 'bool' }, 'true')).toBeUndefined()
    expect(valueProblem({ name: 'd', type: 'datetime' }, '1732000000000')).toBeUndefined()
    expect(valueProblem({ name: 'd', type: 'date' }, '2026-11-26')).toBeUndefined()
    expect(valueProblem({ name: 's', type: 'string' }, 'trial')).toBeUndefined()
  })
  it('names the problem of a value of the wrong type', () => {
    expect(valueProblem(number, 'lots')).toBe('"lots" is not a number (property n is a number)')
    expect(valueProblem({ name: 'b', type: 'bool' }, 'yes')).toMatch(/not true or false/)
    expect(valueProblem({ name: 'd', type: 'date' }, '1732000000001')).toMatch(/midnight/)
    expect(valueProblem({ name: 'e', type: 'enumeration', options: [{ value: 'a' }] }, 'b')).toMatch(/not an option/)
  })
  it('refuses a property HubSpot does not have', () => {
    const catalog = { contacts: new Map([['n', number]]), companies: new Map() }
    expect(entryProblem(catalog, { objectType: 'contacts', properties: { n: '1' } })).toBeUndefined()
    expect(entryProblem(catalog, { objectType: 'contacts', properties: { other: '1' } })).toMatch(/other is not one/)
  })
})

describe('batch planning', () => {
  it('takes at most the batch size, skipping entries in flight', () => {
    const pending = [entry('a', 'a@x'), entry('b', 'b@x'), entry('c', 'c@x')]
    const batch = planBatch('contacts', pending, new Set(['contacts:a']), new Set(), 1)
    expect(batch.map((e) => e.entityId)).toEqual(['b'])
  })
  it('never puts one HubSpot record twice in a batch (emails compared without case)', () => {
    const pending = [entry('a', 'Ada@x'), entry('b', 'ada@X'), entry('c', 'c@x')]
    expect(planBatch('contacts', pending, new Set(), new Set(), 100).map((e) => e.entityId)).toEqual(['a', 'c'])
  })
  it('halves a refused batch', () => {
    expect(splitInHalves([1, 2, 3, 4, 5])).toEqual([
      [1, 2, 3],
      [4, 5],
    ])
  })
  it('lingers for a fuller batch only when calls are scarce', () => {
    const base = { batchSize: 10, maxBatchSize: 100, lingeredMs: 0, maxLingerMs: 1000 }
    expect(shouldLinger({ ...base, freeShare: 0.9 })).toBe(false)
    expect(shouldLinger({ ...base, freeShare: 0.2 })).toBe(true)
    expect(shouldLinger({ ...base, freeShare: 0.2, lingeredMs: 1000 })).toBe(false)
    expect(shouldLinger({ ...base, freeShare: 0.2, batchSize: 100 })).toBe(false)
  })
})

describe('back-off and percentiles', () => {
  it('grows exponentially with jitter, up to a cap', () => {
    expect(backoffDelayMs(transientBackoff, 1, () => 0)).toBe(250)
    expect(backoffDelayMs(transientBackoff, 1, () => 1)).toBe(500)
    expect(backoffDelayMs(transientBackoff, 3, () => 1)).toBe(2000)
    expect(backoffDelayMs(transientBackoff, 50, () => 1)).toBe(15_000)
    expect(backoffDelayMs(transientBackoff, 1, () => 0, 120_000)).toBe(15_000)
  })
  it('gives nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(sorted, 50)).toBe(50)
    expect(percentile(sorted, 99)).toBe(99)
    expect(percentile([], 50)).toBeNull()
  })
})
