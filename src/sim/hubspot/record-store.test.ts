import { describe, expect, it } from 'vitest'
import type { CrmRecord } from './crm-record.ts'
import { createRecordStore } from './record-store.ts'

const isUnique = (_type: string, property: string) => property === 'email' || property === 'account_id'
const record = (id: string, properties: Record<string, string>): CrmRecord => ({
  id,
  properties,
  createdAt: 0,
  updatedAt: 0,
  archived: false,
})

describe('createRecordStore', () => {
  it('finds a contact by email whatever its case', () => {
    const store = createRecordStore(isUnique)
    store.insert('contacts', record('1', { email: 'ada@acme.test' }))
    expect(store.findByUnique('contacts', 'email', 'ADA@Acme.test')?.id).toBe('1')
  })

  it('finds a contact by a secondary email', () => {
    const store = createRecordStore(isUnique)
    store.insert('contacts', record('1', { email: 'ada@acme.test', hs_additional_emails: 'ada@old.test;al@x.test' }))
    expect(store.findByUnique('contacts', 'email', 'al@x.test')?.id).toBe('1')
  })

  it('forgets an old unique value when it is overwritten', () => {
    const store = createRecordStore(isUnique)
    const company = record('1', { account_id: 'a' })
    store.insert('companies', company)
    store.write('companies', company, { account_id: 'b' })
    expect(store.findByUnique('companies', 'account_id', 'a')).toBeUndefined()
    expect(store.findByUnique('companies', 'account_id', 'b')?.id).toBe('1')
  })

  it('reports a unique value another record holds, but not the record’s own', () => {
    const store = createRecordStore(isUnique)
    store.insert('contacts', record('1', { email: 'ada@acme.test' }))
    expect(store.findConflict('contacts', { email: 'Ada@acme.test' }, undefined)).toEqual({
      property: 'email',
      existingId: '1',
    })
    expect(store.findConflict('contacts', { email: 'ada@acme.test' }, '1')).toBeUndefined()
  })

  it('resolves a merged-away id to the record it was merged into, through chains', () => {
    const store = createRecordStore(isUnique)
    for (const id of ['1', '2', '3']) store.insert('contacts', record(id, {}))
    store.retireMerged('contacts', '3', '2')
    store.retireMerged('contacts', '2', '1')
    expect(store.get('contacts', '3')?.id).toBe('1')
    expect(store.list('contacts').map((r) => r.id)).toEqual(['1'])
  })

  it('hides archived records from reads and frees their unique values', () => {
    const store = createRecordStore(isUnique)
    const contact = record('1', { email: 'ada@acme.test' })
    store.insert('contacts', contact)
    store.archive('contacts', contact, 5)
    expect(store.get('contacts', '1')).toBeUndefined()
    expect(store.getArchived('contacts', '1')?.archivedAt).toBe(5)
    expect(store.findConflict('contacts', { email: 'ada@acme.test' }, undefined)).toBeUndefined()
  })

  it('comes back from its snapshot with its indexes', () => {
    const store = createRecordStore(isUnique)
    store.insert('contacts', record(store.nextId(), { email: 'ada@acme.test' }))
    const restored = createRecordStore(isUnique, structuredClone(store.snapshot()))
    expect(restored.findByUnique('contacts', 'email', 'ada@acme.test')).toBeDefined()
    expect(Number(restored.nextId())).toBeGreaterThan(Number(store.list('contacts')[0]?.id))
  })
})
