import { AssociationTypes } from '@hubspot/api-client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type RunningSimulator, startSimulator } from './hubspot-sim-harness.ts'

let sim: RunningSimulator
let contactId: string
let companyId: string
beforeEach(async () => {
  sim = await startSimulator()
  contactId = (
    await sim.hubspot.crm.contacts.basicApi.create({ properties: { email: 'ada@acme.test' }, associations: [] })
  ).id
  companyId = (await sim.hubspot.crm.companies.basicApi.create({ properties: { name: 'Acme' }, associations: [] })).id
})
afterEach(async () => {
  await sim.close()
})

const primary = [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }]

describe('default associations', () => {
  it('associates a contact with a company by PUT with 200, seen from both sides', async () => {
    const answer = await sim.call(
      'PUT',
      `/crm/v4/objects/contacts/${contactId}/associations/default/companies/${companyId}`,
    )
    expect(answer.status).toBe(200)
    expect(answer.body.results[0]).toEqual({
      from: { id: contactId },
      to: { id: companyId },
      associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: AssociationTypes.contactToCompany },
    })
    const fromCompany = await sim.hubspot.crm.associations.v4.basicApi.getPage('companies', companyId, 'contacts')
    expect(fromCompany.results[0]).toMatchObject({ toObjectId: contactId, associationTypes: [{ typeId: 280 }] })
  })

  it('associates in a batch with 200 through the official client', async () => {
    const result = await sim.hubspot.crm.associations.v4.batchApi.createDefault('contacts', 'companies', {
      inputs: [{ _from: { id: contactId }, to: { id: companyId } }],
    })
    expect(result.status).toBe('COMPLETE')
    const page = await sim.hubspot.crm.associations.v4.basicApi.getPage('contacts', contactId, 'companies')
    expect(page.results.map((r) => r.toObjectId)).toEqual([companyId])
  })

  it('answers 400 when a record does not exist', async () => {
    const answer = await sim.call('PUT', `/crm/v4/objects/contacts/${contactId}/associations/default/companies/99999`)
    expect(answer.status).toBe(400)
  })

  it('shows associations when a record is read with associations=companies', async () => {
    await sim.hubspot.crm.associations.v4.basicApi.createDefault('contacts', contactId, 'companies', companyId)
    const answer = await sim.call('GET', `/crm/v3/objects/contacts/${contactId}?associations=companies`)
    expect(answer.body.associations.companies.results).toEqual([
      { id: companyId, type: 'contact_to_company_unlabeled' },
    ])
  })
})

describe('labelled associations', () => {
  it('associates with a label by PUT with a body and answers 201 with the labels', async () => {
    const answer = await sim.call(
      'PUT',
      `/crm/v4/objects/contacts/${contactId}/associations/companies/${companyId}`,
      primary,
    )
    expect(answer.status).toBe(201)
    expect(answer.body).toEqual({
      fromObjectTypeId: '0-1',
      fromObjectId: contactId,
      toObjectTypeId: '0-2',
      toObjectId: companyId,
      labels: ['Primary'],
    })
  })

  it('refuses an association type that does not link these object types', async () => {
    const answer = await sim.call('PUT', `/crm/v4/objects/contacts/${contactId}/associations/companies/${companyId}`, [
      { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 },
    ])
    expect(answer.status).toBe(400)
  })

  it('creates in a batch with 201, and 207 when one input names a missing record', async () => {
    const ok = await sim.call('POST', '/crm/v4/associations/contacts/companies/batch/create', {
      inputs: [{ from: { id: contactId }, to: { id: companyId }, types: primary }],
    })
    const partly = await sim.call('POST', '/crm/v4/associations/contacts/companies/batch/create', {
      inputs: [
        { from: { id: contactId }, to: { id: companyId }, types: primary },
        { from: { id: '424242' }, to: { id: companyId }, types: primary },
      ],
    })
    expect(ok.status).toBe(201)
    expect(partly.status).toBe(207)
    expect(partly.body.numErrors).toBe(1)
  })

  it('lists every type of an association with its label', async () => {
    await sim.hubspot.crm.associations.v4.basicApi.createDefault('contacts', contactId, 'companies', companyId)
    await sim.call('PUT', `/crm/v4/objects/contacts/${contactId}/associations/companies/${companyId}`, primary)
    const page = await sim.call('GET', `/crm/v4/objects/contacts/${contactId}/associations/companies`)
    expect(page.body.results[0].associationTypes).toEqual(
      expect.arrayContaining([
        { category: 'HUBSPOT_DEFINED', typeId: 279, label: null },
        { category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' },
      ]),
    )
  })

  it('removes an association with DELETE 204', async () => {
    await sim.hubspot.crm.associations.v4.basicApi.createDefault('contacts', contactId, 'companies', companyId)
    const answer = await sim.call('DELETE', `/crm/v4/objects/contacts/${contactId}/associations/companies/${companyId}`)
    expect(answer.status).toBe(204)
    expect(
      (await sim.hubspot.crm.associations.v4.basicApi.getPage('companies', companyId, 'contacts')).results,
    ).toEqual([])
  })
})
