import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { propertyInput, type RunningSimulator, rejectionOf, startSimulator } from './hubspot-sim-harness.ts'

let sim: RunningSimulator
beforeEach(async () => {
  sim = await startSimulator()
})
afterEach(async () => {
  await sim.close()
})

describe('properties', () => {
  it("lists HubSpot's own contact properties", async () => {
    const all = await sim.hubspot.crm.properties.coreApi.getAll('contacts')
    const names = all.results.map((property) => property.name)
    expect(names).toEqual(
      expect.arrayContaining([
        'email',
        'firstname',
        'lastname',
        'phone',
        'company',
        'lifecyclestage',
        'hubspot_owner_id',
        'hs_additional_emails',
        'createdate',
        'lastmodifieddate',
        'hs_object_id',
      ]),
    )
  })

  it("lists HubSpot's own company properties", async () => {
    const names = (await sim.hubspot.crm.properties.coreApi.getAll('companies')).results.map(
      (property) => property.name,
    )
    expect(names).toEqual(expect.arrayContaining(['name', 'domain', 'hs_object_id']))
  })

  it('creates a property with 201 and reads it back by name', async () => {
    const answer = await sim.call('POST', '/crm/v3/properties/contacts', {
      name: 'lead_score',
      label: 'Lead score',
      type: 'number',
      fieldType: 'number',
      groupName: 'contactinformation',
    })
    expect(answer.status).toBe(201)
    const read = await sim.hubspot.crm.properties.coreApi.getByName('contacts', 'lead_score')
    expect(read).toMatchObject({ name: 'lead_score', type: 'number', fieldType: 'number', hubspotDefined: false })
  })

  it('answers 409 when a property of that name exists', async () => {
    const input = propertyInput({ name: 'lead_score', type: 'number', fieldType: 'number' })
    await sim.hubspot.crm.properties.coreApi.create('contacts', input)
    const error = await rejectionOf(sim.hubspot.crm.properties.coreApi.create('contacts', input))
    expect(error.code).toBe(409)
    expect(error.body.correlationId).toEqual(expect.any(String))
  })

  it('refuses a property in a group that does not exist', async () => {
    const error = await rejectionOf(
      sim.hubspot.crm.properties.coreApi.create(
        'contacts',
        propertyInput({ name: 'x', type: 'string', fieldType: 'text', groupName: 'nope' }),
      ),
    )
    expect(error.code).toBe(400)
  })

  it('refuses a field type that does not fit the data type', async () => {
    const answer = await sim.call('POST', '/crm/v3/properties/contacts', {
      name: 'x',
      label: 'X',
      type: 'number',
      fieldType: 'text',
      groupName: 'contactinformation',
    })
    expect(answer.status).toBe(400)
  })

  it('refuses an enumeration without options', async () => {
    const answer = await sim.call('POST', '/crm/v3/properties/contacts', {
      name: 'plan',
      label: 'Plan',
      type: 'enumeration',
      fieldType: 'select',
      groupName: 'contactinformation',
    })
    expect(answer.status).toBe(400)
  })

  it('answers 404 for a property that does not exist', async () => {
    expect((await rejectionOf(sim.hubspot.crm.properties.coreApi.getByName('contacts', 'nope'))).code).toBe(404)
  })

  it('creates properties in a batch with 201', async () => {
    const answer = await sim.call('POST', '/crm/v3/properties/contacts/batch/create', {
      inputs: [
        { name: 'a_count', label: 'A', type: 'number', fieldType: 'number', groupName: 'contactinformation' },
        { name: 'b_flag', label: 'B', type: 'bool', fieldType: 'booleancheckbox', groupName: 'contactinformation' },
      ],
    })
    expect(answer.status).toBe(201)
    expect(answer.body.results.map((p: { name: string }) => p.name)).toEqual(['a_count', 'b_flag'])
  })

  it('answers a batch create with an existing name 207, creating the others', async () => {
    await sim.call('POST', '/crm/v3/properties/contacts', {
      name: 'a_count',
      label: 'A',
      type: 'number',
      fieldType: 'number',
      groupName: 'contactinformation',
    })
    const answer = await sim.call('POST', '/crm/v3/properties/contacts/batch/create', {
      inputs: [
        { name: 'a_count', label: 'A', type: 'number', fieldType: 'number', groupName: 'contactinformation' },
        { name: 'c_text', label: 'C', type: 'string', fieldType: 'text', groupName: 'contactinformation' },
      ],
    })
    expect(answer.status).toBe(207)
    expect(answer.body.numErrors).toBe(1)
    expect(answer.body.results.map((p: { name: string }) => p.name)).toEqual(['c_text'])
  })

  it('validates values against the property type: a bool takes only true or false', async () => {
    await sim.hubspot.crm.properties.coreApi.create(
      'contacts',
      propertyInput({ name: 'onboarded', type: 'bool', fieldType: 'booleancheckbox' }),
    )
    const good = await sim.call('POST', '/crm/v3/objects/contacts', { properties: { onboarded: 'TRUE' } })
    const bad = await sim.call('POST', '/crm/v3/objects/contacts', { properties: { onboarded: 'yes' } })
    expect(good.body.properties.onboarded).toBe('true')
    expect(bad.status).toBe(400)
  })

  it('validates values against the property type: a date must be midnight UTC', async () => {
    await sim.hubspot.crm.properties.coreApi.create(
      'contacts',
      propertyInput({ name: 'trial_end', type: 'date', fieldType: 'date' }),
    )
    const good = await sim.call('POST', '/crm/v3/objects/contacts', { properties: { trial_end: '2026-12-01' } })
    const bad = await sim.call('POST', '/crm/v3/objects/contacts', { properties: { trial_end: '1795710537554' } })
    expect(good.body.properties.trial_end).toBe(String(Date.UTC(2026, 11, 1)))
    expect(bad.status).toBe(400)
    expect(bad.body.message).toContain('not midnight')
  })

  it('validates values against the property type: an enumeration takes its options only', async () => {
    await sim.hubspot.crm.properties.coreApi.create(
      'contacts',
      propertyInput({
        name: 'plan',
        type: 'enumeration',
        fieldType: 'select',
        options: [{ label: 'Trial', value: 'trial' }],
      }),
    )
    expect((await sim.call('POST', '/crm/v3/objects/contacts', { properties: { plan: 'trial' } })).status).toBe(201)
    const bad = await sim.call('POST', '/crm/v3/objects/contacts', { properties: { plan: 'gold' } })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toContain('INVALID_OPTION')
  })
})

describe('property groups', () => {
  it('creates a group with 201 and lists it', async () => {
    const created = await sim.hubspot.crm.properties.groupsApi.create('contacts', {
      name: 'product_usage',
      label: 'Product usage',
    })
    expect(created).toMatchObject({ name: 'product_usage', label: 'Product usage', archived: false })
    const all = await sim.hubspot.crm.properties.groupsApi.getAll('contacts')
    expect(all.results.map((group) => group.name)).toContain('product_usage')
  })

  it('answers 409 when a group of that name exists', async () => {
    await sim.hubspot.crm.properties.groupsApi.create('contacts', { name: 'product_usage', label: 'Product usage' })
    const error = await rejectionOf(
      sim.hubspot.crm.properties.groupsApi.create('contacts', { name: 'product_usage', label: 'P' }),
    )
    expect(error.code).toBe(409)
  })

  it('reads a group by name', async () => {
    await sim.hubspot.crm.properties.groupsApi.create('companies', { name: 'product_usage', label: 'Product usage' })
    expect((await sim.hubspot.crm.properties.groupsApi.getByName('companies', 'product_usage')).label).toBe(
      'Product usage',
    )
  })
})
