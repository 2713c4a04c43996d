import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type RunningSimulator, rejectionOf, startSimulator } from './hubspot-sim-harness.ts'

let sim: RunningSimulator
beforeEach(async () => {
  sim = await startSimulator()
})
afterEach(async () => {
  await sim.close()
})

const contact = async (email: string, properties: Record<string, string> = {}) =>
  (await sim.hubspot.crm.contacts.basicApi.create({ properties: { email, ...properties }, associations: [] })).id

describe('merges', () => {
  it('merges two contacts with POST …/merge, after which the merged id reads as the primary record', async () => {
    const primary = await contact('ada@acme.test')
    const merged = await contact('ada.l@acme.test', { firstname: 'Ada' })
    const answer = await sim.call('POST', '/crm/v3/objects/contacts/merge', {
      primaryObjectId: primary,
      objectIdToMerge: merged,
    })
    expect(answer.status).toBe(200)
    const read = await sim.hubspot.crm.contacts.basicApi.getById(merged, ['email', 'firstname', 'hs_merged_object_ids'])
    expect(read.id).toBe(primary)
    expect(read.properties).toMatchObject({ email: 'ada@acme.test', firstname: 'Ada', hs_merged_object_ids: merged })
  })

  it('merges by the /_sim/merge control and keeps one record', async () => {
    const primary = await contact('ada@acme.test')
    const merged = await contact('ada.l@acme.test')
    const answer = await sim.call('POST', '/_sim/merge', {
      objectType: 'contacts',
      primaryId: primary,
      mergedId: merged,
    })
    expect(answer.status).toBe(200)
    const all = (await sim.call('GET', '/_sim/objects/contacts')).body.results
    expect(all.map((record: { id: string }) => record.id)).toEqual([primary])
  })

  it("finds the primary by the merged contact's email, now a secondary email", async () => {
    const primary = await contact('ada@acme.test')
    const merged = await contact('ada.l@acme.test')
    await sim.call('POST', '/_sim/merge', { objectType: 'contacts', primaryId: primary, mergedId: merged })
    const read = await sim.hubspot.crm.contacts.basicApi.getById(
      'ada.l@acme.test',
      ['hs_additional_emails'],
      undefined,
      undefined,
      false,
      'email',
    )
    expect(read.id).toBe(primary)
    expect(read.properties.hs_additional_emails).toBe('ada.l@acme.test')
  })

  it("updates the primary when upserting by the merged contact's email, creating no new contact", async () => {
    const primary = await contact('ada@acme.test')
    const merged = await contact('ada.l@acme.test')
    await sim.call('POST', '/_sim/merge', { objectType: 'contacts', primaryId: primary, mergedId: merged })
    const result = await sim.hubspot.crm.contacts.batchApi.upsert({
      inputs: [
        { id: 'ada.l@acme.test', idProperty: 'email', properties: { email: 'ada.l@acme.test', firstname: 'Ada' } },
      ],
    })
    expect(result.results[0]).toMatchObject({ id: primary, _new: false })
    expect(result.results[0]?.properties.email).toBe('ada@acme.test')
  })

  it('moves the merged record’s associations to the primary', async () => {
    const primary = await contact('ada@acme.test')
    const merged = await contact('ada.l@acme.test')
    const company = (
      await sim.hubspot.crm.companies.basicApi.create({ properties: { name: 'Acme' }, associations: [] })
    ).id
    await sim.hubspot.crm.associations.v4.basicApi.createDefault('contacts', merged, 'companies', company)
    await sim.call('POST', '/_sim/merge', { objectType: 'contacts', primaryId: primary, mergedId: merged })
    const page = await sim.hubspot.crm.associations.v4.basicApi.getPage('companies', company, 'contacts')
    expect(page.results.map((result) => result.toObjectId)).toEqual([primary])
  })

  it('merges companies too, keeping unique values findable', async () => {
    const primary = (
      await sim.hubspot.crm.companies.basicApi.create({ properties: { name: 'Acme' }, associations: [] })
    ).id
    const merged = (
      await sim.hubspot.crm.companies.basicApi.create({ properties: { domain: 'acme.test' }, associations: [] })
    ).id
    await sim.call('POST', '/_sim/merge', { objectType: 'companies', primaryId: primary, mergedId: merged })
    const read = await sim.hubspot.crm.companies.basicApi.getById(merged, ['name', 'domain'])
    expect(read).toMatchObject({ id: primary, properties: { name: 'Acme', domain: 'acme.test' } })
  })

  it('answers 404 when merging a record that does not exist', async () => {
    const primary = await contact('ada@acme.test')
    const error = await rejectionOf(
      sim.hubspot.crm.contacts.basicApi.merge({ primaryObjectId: primary, objectIdToMerge: '999999' }),
    )
    expect(error.code).toBe(404)
  })
})

describe('secondary emails', () => {
  it('finds a contact by a secondary email added through the v1 endpoint', async () => {
    const id = await contact('ada@acme.test')
    expect((await sim.call('PUT', `/contacts/v1/secondary-email/${id}/email/ada@old.test`)).status).toBe(200)
    const read = await sim.call('GET', '/crm/v3/objects/contacts/ada%40old.test?idProperty=email&properties=email')
    expect(read.body).toMatchObject({ id, properties: { email: 'ada@acme.test' } })
  })

  it('keeps hs_additional_emails read-only in v3', async () => {
    const id = await contact('ada@acme.test')
    const answer = await sim.call('PATCH', `/crm/v3/objects/contacts/${id}`, {
      properties: { hs_additional_emails: 'x@y.test' },
    })
    expect(answer.status).toBe(400)
    expect(answer.body.message).toContain('READ_ONLY_VALUE')
  })

  it('refuses to create a contact with an address another contact has as secondary', async () => {
    const id = await contact('ada@acme.test')
    await sim.call('PUT', `/contacts/v1/secondary-email/${id}/email/ada@old.test`)
    const answer = await sim.call('POST', '/crm/v3/objects/contacts', { properties: { email: 'ada@old.test' } })
    expect(answer.status).toBe(409)
  })
})
