import { describe, expect, it } from 'vitest'
import { createAssociationStore } from './association-store.ts'

const unlabelled = { category: 'HUBSPOT_DEFINED', typeId: 279 } as const

describe('createAssociationStore', () => {
  it('keeps an association in both directions, with the inverse type on the other side', () => {
    const store = createAssociationStore()
    store.add('contacts', '1', 'companies', '2', [unlabelled])
    expect(store.list('companies', '2', 'contacts')).toEqual([
      { toId: '1', specs: [{ category: 'HUBSPOT_DEFINED', typeId: 280 }] },
    ])
  })

  it('removes an association from both sides', () => {
    const store = createAssociationStore()
    store.add('contacts', '1', 'companies', '2', [unlabelled])
    store.remove('contacts', '1', 'companies', '2')
    expect(store.list('contacts', '1', 'companies')).toEqual([])
    expect(store.list('companies', '2', 'contacts')).toEqual([])
  })

  it('moves every association of a merged record to the record it was merged into', () => {
    const store = createAssociationStore()
    store.add('contacts', '1', 'companies', '9', [unlabelled])
    store.moveAll('contacts', '1', '5')
    expect(store.list('companies', '9', 'contacts').map((entry) => entry.toId)).toEqual(['5'])
    expect(store.list('contacts', '1', 'companies')).toEqual([])
  })

  it('comes back from its snapshot', () => {
    const store = createAssociationStore()
    store.add('contacts', '1', 'companies', '2', [unlabelled])
    const restored = createAssociationStore(structuredClone(store.snapshot()))
    expect(restored.list('contacts', '1', 'companies')).toEqual(store.list('contacts', '1', 'companies'))
  })
})
