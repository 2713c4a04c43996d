import { describe, expect, it } from 'vitest'
import { valueChanges } from './value-changes.ts'

const definitions = {
  properties: [{ name: 'logins' }, { name: 'plan' }, { name: '__occurrences:usage:logins', hidden: true }],
  segments: [{ name: 'power_users' }, { name: 'customers' }],
}

describe('valueChanges', () => {
  it('lists the properties whose value moved, with from and to', () => {
    const changes = valueChanges(definitions, { logins: 1, plan: 'trial' }, { logins: 2, plan: 'trial' })
    expect(changes.propertyChanges).toEqual([{ property: 'logins', from: 1, to: 2 }])
  })

  it('reads an absent value as null', () => {
    const changes = valueChanges(definitions, { logins: 1 }, { logins: 1, plan: 'paying' })
    expect(changes.propertyChanges).toEqual([{ property: 'plan', from: null, to: 'paying' }])
  })

  it('compares with nothing for a subject seen for the first time', () => {
    const changes = valueChanges(definitions, undefined, { logins: 1, plan: null, power_users: true })
    expect(changes).toEqual({
      propertyChanges: [{ property: 'logins', from: null, to: 1 }],
      segments: [{ segment: 'power_users', entered: true }],
    })
  })

  it('leaves out hidden properties and segment memberships', () => {
    const changes = valueChanges(
      definitions,
      { '__occurrences:usage:logins': 1, power_users: false },
      { '__occurrences:usage:logins': 2, power_users: true },
    )
    expect(changes.propertyChanges).toEqual([])
  })

  it('lists the segments entered and left', () => {
    const changes = valueChanges(
      definitions,
      { power_users: false, customers: true },
      { power_users: true, customers: false },
    )
    expect(changes.segments).toEqual([
      { segment: 'power_users', entered: true },
      { segment: 'customers', entered: false },
    ])
  })

  it('finds nothing when nothing moved', () => {
    const values = { logins: 3, plan: 'trial', power_users: true }
    expect(valueChanges(definitions, values, { ...values })).toEqual({ propertyChanges: [], segments: [] })
  })
})
