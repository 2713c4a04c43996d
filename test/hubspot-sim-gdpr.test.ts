import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type RunningSimulator, rejectionOf, startSimulator } from './hubspot-sim-harness.ts'

let sim: RunningSimulator
beforeEach(async () => {
  sim = await startSimulator()
})
afterEach(async () => {
  await sim.close()
})

const contact = async (email: string) =>
  (await sim.hubspot.crm.contacts.basicApi.create({ properties: { email }, associations: [] })).id
const contactIds = async () =>
  (await sim.call('GET', '/_sim/objects/contacts')).body.results.map((record: { id: string }) => record.id)

describe('GDPR deletion (POST /crm/v3/objects/contacts/gdpr-delete)', () => {
  it('deletes a contact by email for good with the official client’s purge, and its associations', async () => {
    const ada = await contact('ada@acme.test')
    const bob = await contact('bob@acme.test')
    const company = (
      await sim.hubspot.crm.companies.basicApi.create({ properties: { name: 'Acme' }, associations: [] })
    ).id
    await sim.hubspot.crm.associations.v4.basicApi.createDefault('contacts', ada, 'companies', company)

    await sim.hubspot.crm.contacts.basicApi.purge({ objectId: 'ADA@acme.test', idProperty: 'email' })

    expect(await contactIds()).toEqual([bob])
    const read = sim.hubspot.crm.contacts.basicApi.getById(ada, undefined, undefined, undefined, true)
    expect((await rejectionOf(read)).code).toBe(404)
    const byEmail = sim.hubspot.crm.contacts.basicApi.getById('ada@acme.test', [], [], [], false, 'email')
    expect((await rejectionOf(byEmail)).code).toBe(404)
    const links = await sim.hubspot.crm.associations.v4.basicApi.getPage('companies', company, 'contacts')
    expect(links.results).toEqual([])
  })

  it('answers 204 with no body, by email even for an address no contact has', async () => {
    await contact('ada@acme.test')
    const answer = await sim.call('POST', '/crm/v3/objects/contacts/gdpr-delete', {
      objectId: 'nobody@acme.test',
      idProperty: 'email',
    })
    expect(answer).toMatchObject({ status: 204, body: undefined })
    expect(await contactIds()).toHaveLength(1)
  })

  it('deletes by id, and answers an unknown id with HubSpot’s 404', async () => {
    const ada = await contact('ada@acme.test')
    await sim.hubspot.crm.contacts.basicApi.purge({ objectId: ada })
    expect(await contactIds()).toEqual([])
    const again = await rejectionOf(sim.hubspot.crm.contacts.basicApi.purge({ objectId: ada }))
    expect(again.code).toBe(404)
    expect(again.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' })
  })

  it('refuses a body without objectId with a VALIDATION_ERROR', async () => {
    const answer = await sim.call('POST', '/crm/v3/objects/contacts/gdpr-delete', { idProperty: 'email' })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ category: 'VALIDATION_ERROR' })
  })
})
