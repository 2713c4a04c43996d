import { describe, expect, it } from 'vitest'
import type { CompiledProperty, EntityModel } from './compiled-property.ts'
import { computeValues, type EntityState, emptyEntityState, setMember, toEntityState } from './entity-state.ts'

const T0 = Date.parse('2026-11-02T09:00:00Z')
/** Contact ids a product may send: every name a plain object inherits. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype)

const base = { signature: '', label: '', description: undefined, crmType: 'number' as const }
const company: EntityModel = {
  traitsFrom: 'group',
  activity: [],
  properties: [
    { ...base, name: 'members', source: 'rollup', fn: 'count', readsScores: false, contribution: () => 1 },
    { ...base, name: 'widgets', source: 'rollup', fn: 'sum', readsScores: false, contribution: () => 1 },
    {
      ...base,
      name: 'active',
      source: 'active_users',
      matches: () => true,
      window: { kind: 'rolling', ms: 86_400_000 },
    },
  ] satisfies CompiledProperty[],
}
const share = (widgets: number) => ({ members: 1, widgets, active: T0 })

/** The state as the store gives it back: JSON text parsed into plain objects. */
const stored = (state: EntityState) => toEntityState(JSON.parse(JSON.stringify(state)))

describe('company members named like Object.prototype members', () => {
  it('counts a member whose contact id is __proto__ in every roll-up', () => {
    const state = emptyEntityState()
    setMember(state, 'u1', share(2))
    setMember(state, '__proto__', share(3))
    expect(computeValues(company, stored(state), T0).values).toEqual({ members: 2, widgets: 5, active: 2 })
  })

  it('keeps every Object.prototype name as its own member, written to and read from stored states', () => {
    let state = emptyEntityState()
    for (const id of PROTOTYPE_NAMES) {
      expect(setMember(state, id, share(1))).toBe(true)
      state = stored(state)
    }
    for (const id of PROTOTYPE_NAMES) expect(setMember(state, id, share(1))).toBe(false)
    for (const id of PROTOTYPE_NAMES) expect(setMember(state, id, share(2))).toBe(true)
    const n = PROTOTYPE_NAMES.length
    expect(computeValues(company, stored(state), T0).values).toEqual({ members: n, widgets: 2 * n, active: n })
  })

  it('lets a member named like an Object.prototype member leave', () => {
    const state = emptyEntityState()
    for (const id of PROTOTYPE_NAMES) setMember(state, id, share(1))
    const read = stored(state)
    for (const id of PROTOTYPE_NAMES.slice(1)) expect(setMember(read, id, undefined)).toBe(true)
    expect(setMember(read, 'absent', undefined)).toBe(false)
    expect(computeValues(company, stored(read), T0).values).toEqual({ members: 1, widgets: 1, active: 1 })
  })

  it('leaves Object.prototype as it was', () => {
    for (const id of PROTOTYPE_NAMES) setMember(stored(emptyEntityState()), id, share(1))
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual([...PROTOTYPE_NAMES].sort())
    expect(({} as { members?: unknown }).members).toBeUndefined()
  })
})
