import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFakeClock, propertyInput, type RunningSimulator, startSimulator } from './hubspot-sim-harness.ts'

let sim: RunningSimulator
let clock: ReturnType<typeof createFakeClock>
beforeEach(async () => {
  clock = createFakeClock()
  sim = await startSimulator({ now: clock.now })
  await sim.hubspot.crm.properties.coreApi.create(
    'contacts',
    propertyInput({ name: 'score', type: 'number', fieldType: 'number' }),
  )
  const inputs = [
    { id: 'ada@acme.test', idProperty: 'email', properties: { firstname: 'Ada', score: '87' } },
    { id: 'bob@acme.test', idProperty: 'email', properties: { firstname: 'Bob', score: '12' } },
    { id: 'cy@beta.test', idProperty: 'email', properties: { firstname: 'Cy', score: '40' } },
  ]
  await sim.hubspot.crm.contacts.batchApi.upsert({ inputs })
})
afterEach(async () => {
  await sim.close()
})

// Searches are limited to 4 per second: move the clock past each second's budget.
const search = async (body: unknown) => {
  clock.advance(1000)
  return sim.call('POST', '/crm/v3/objects/contacts/search', body)
}
const emails = (answer: { body: { results: { properties: { email: string } }[] } }) =>
  answer.body.results.map((result) => result.properties.email)

describe('search', () => {
  it('finds contacts with an EQ filter and reports the total', async () => {
    const answer = await search({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'ADA@acme.test' }] }],
    })
    expect(answer.status).toBe(200)
    expect(answer.body.total).toBe(1)
    expect(emails(answer)).toEqual(['ada@acme.test'])
  })

  it('joins filters of a group with AND and groups with OR', async () => {
    const answer = await search({
      filterGroups: [
        {
          filters: [
            { propertyName: 'score', operator: 'GT', value: '30' },
            { propertyName: 'firstname', operator: 'EQ', value: 'Ada' },
          ],
        },
        { filters: [{ propertyName: 'score', operator: 'LT', value: '20' }] },
      ],
      sorts: [{ propertyName: 'score', direction: 'ASCENDING' }],
    })
    expect(emails(answer)).toEqual(['bob@acme.test', 'ada@acme.test'])
  })

  it('sorts by a property, numbers as numbers', async () => {
    const answer = await search({ sorts: [{ propertyName: 'score', direction: 'DESCENDING' }], properties: ['email'] })
    expect(emails(answer)).toEqual(['ada@acme.test', 'cy@beta.test', 'bob@acme.test'])
  })

  it('pages with limit and after', async () => {
    const first = await search({ limit: 2, sorts: ['email'] })
    const second = await search({ limit: 2, sorts: ['email'], after: first.body.paging.next.after })
    expect(emails(first)).toEqual(['ada@acme.test', 'bob@acme.test'])
    expect(emails(second)).toEqual(['cy@beta.test'])
    expect(second.body.paging).toBeUndefined()
  })

  it('refuses a limit over 200', async () => {
    expect((await search({ limit: 201 })).status).toBe(400)
  })

  it('refuses to page beyond 10,000 results', async () => {
    const answer = await search({ after: '10000' })
    expect(answer.status).toBe(400)
    expect(answer.body.category).toBe('VALIDATION_ERROR')
  })

  it('finds contacts by free text', async () => {
    expect(emails(await search({ query: 'beta' }))).toEqual(['cy@beta.test'])
  })

  it('compares datetimes with an ms-epoch filter value', async () => {
    clock.advance(60_000)
    await sim.hubspot.crm.contacts.batchApi.upsert({
      inputs: [{ id: 'late@x.test', idProperty: 'email', properties: {} }],
    })
    const answer = await search({
      filterGroups: [
        { filters: [{ propertyName: 'createdate', operator: 'GTE', value: String(clock.now() - 30_000) }] },
      ],
    })
    expect(emails(answer)).toEqual(['late@x.test'])
  })

  it('finds no record by a property named like an Object.prototype member that none has', async () => {
    for (const propertyName of Object.getOwnPropertyNames(Object.prototype)) {
      const answer = await search({
        filterGroups: [{ filters: [{ propertyName, operator: 'HAS_PROPERTY' }] }],
        sorts: [{ propertyName, direction: 'ASCENDING' }],
      })
      expect(answer.body.total, propertyName).toBe(0)
    }
    const answer = await search({
      filterGroups: [{ filters: [{ propertyName: 'toString', operator: 'NOT_HAS_PROPERTY' }] }],
    })
    expect(answer.body.total).toBe(3)
  })

  it('knows no object type named like an Object.prototype member', async () => {
    const answer = await sim.call('GET', '/crm/v3/objects/constructor')
    expect(answer.status).toBe(400)
  })

  it('works through the official client', async () => {
    clock.advance(1000)
    const result = await sim.hubspot.crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'score', operator: 'HAS_PROPERTY' as never }] }],
      properties: ['score'],
      limit: 10,
      after: '0',
      sorts: [],
    })
    expect(result.total).toBe(3)
  })
})
