import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { propertyInput, type RunningSimulator, rejectionOf, startSimulator } from './hubspot-sim-harness.ts'

let sim: RunningSimulator
beforeEach(async () => {
  sim = await startSimulator()
  await sim.hubspot.crm.properties.coreApi.create(
    'contacts',
    propertyInput({ name: 'score', type: 'number', fieldType: 'number' }),
  )
})
afterEach(async () => {
  await sim.close()
})

const upsertByEmail = (email: string, properties: Record<string, string>) =>
  sim.hubspot.crm.contacts.batchApi.upsert({ inputs: [{ id: email, idProperty: 'email', properties }] })

describe('contacts, one at a time', () => {
  it('creates a contact with 201 and a numeric string id', async () => {
    const answer = await sim.call('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'ada@acme.test' },
      associations: [],
    })
    expect(answer.status).toBe(201)
    expect(answer.body.id).toMatch(/^\d+$/)
    expect(answer.body.properties.hs_object_id).toBe(answer.body.id)
  })

  it('reads a contact by email whatever its case', async () => {
    const created = await sim.hubspot.crm.contacts.basicApi.create({
      properties: { email: 'Ada@Acme.test' },
      associations: [],
    })
    const read = await sim.hubspot.crm.contacts.basicApi.getById(
      'ADA@acme.TEST',
      ['email'],
      undefined,
      undefined,
      false,
      'email',
    )
    expect(read.id).toBe(created.id)
    expect(read.properties.email).toBe('ada@acme.test')
  })

  it('gives a property named constructor, and its history, only to a record that has one', async () => {
    await sim.hubspot.crm.properties.coreApi.create(
      'contacts',
      propertyInput({ name: 'constructor', type: 'string', fieldType: 'text' }),
    )
    const plain = await sim.call('POST', '/crm/v3/objects/contacts', { properties: { email: 'a@b.test' } })
    const built = await sim.call('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'c@d.test', constructor: 'Ada' },
    })
    const read = (id: string) =>
      sim.call(
        'GET',
        `/crm/v3/objects/contacts/${id}?properties=constructor&propertiesWithHistory=constructor,toString`,
      )
    const [a, b] = [await read(plain.body.id), await read(built.body.id)]
    // Own entries: reading `.constructor` of the parsed answer would find Object's.
    expect(Object.entries(a.body.properties)).toContainEqual(['constructor', null])
    expect(a.body.propertiesWithHistory).toEqual({})
    expect(Object.entries(b.body.properties)).toContainEqual(['constructor', 'Ada'])
    expect(Object.keys(b.body.propertiesWithHistory)).toEqual(['constructor'])
  })

  it('returns the requested properties, null when empty, with the id and timestamps', async () => {
    const created = await sim.hubspot.crm.contacts.basicApi.create({
      properties: { email: 'a@b.test', score: '5' },
      associations: [],
    })
    const read = await sim.hubspot.crm.contacts.basicApi.getById(created.id, ['score', 'firstname', 'no_such_property'])
    expect(read.properties).toEqual({
      score: '5',
      firstname: null,
      createdate: expect.any(String),
      lastmodifieddate: expect.any(String),
      hs_object_id: created.id,
    })
  })

  it('answers 404 for an id that does not exist', async () => {
    const error = await rejectionOf(sim.hubspot.crm.contacts.basicApi.getById('999999'))
    expect(error.code).toBe(404)
  })

  it('updates a contact found by email with PATCH', async () => {
    await upsertByEmail('ada@acme.test', { score: '1' })
    const updated = await sim.hubspot.crm.contacts.basicApi.update(
      'ada@acme.test',
      { properties: { score: '2' } },
      'email',
    )
    expect(updated.properties.score).toBe('2')
  })

  it('clears a property sent as an empty string', async () => {
    const created = await sim.hubspot.crm.contacts.basicApi.create({
      properties: { email: 'a@b.test', score: '5' },
      associations: [],
    })
    await sim.hubspot.crm.contacts.basicApi.update(created.id, { properties: { score: '' } })
    const read = await sim.hubspot.crm.contacts.basicApi.getById(created.id, ['score'])
    expect(read.properties.score).toBeNull()
  })

  it('refuses an unknown property with a 400 VALIDATION_ERROR and creates nothing', async () => {
    const answer = await sim.call('POST', '/crm/v3/objects/contacts', { properties: { email: 'a@b.test', nope: '1' } })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      correlationId: expect.any(String),
    })
    expect(answer.body.message).toContain('PROPERTY_DOESNT_EXIST')
    expect((await sim.call('GET', '/_sim/objects/contacts')).body.results).toEqual([])
  })

  it('refuses a value of the wrong type with a 400 naming the property', async () => {
    const error = await rejectionOf(
      sim.hubspot.crm.contacts.basicApi.create({ properties: { email: 'a@b.test', score: 'lots' }, associations: [] }),
    )
    expect(error.code).toBe(400)
    expect(error.body.errors).toEqual([{ message: expect.any(String), code: 'INVALID_LONG', in: 'score' }])
  })

  it('refuses an invalid email address', async () => {
    const answer = await sim.call('POST', '/crm/v3/objects/contacts', { properties: { email: 'not-an-email' } })
    expect(answer.status).toBe(400)
    expect(answer.body.message).toContain('INVALID_EMAIL')
  })

  it('refuses to write a read-only property', async () => {
    const answer = await sim.call('POST', '/crm/v3/objects/contacts', { properties: { hs_object_id: '5' } })
    expect(answer.status).toBe(400)
    expect(answer.body.message).toContain('READ_ONLY_VALUE')
  })

  it('answers 409 CONFLICT with the existing id when the email is taken', async () => {
    const first = await sim.hubspot.crm.contacts.basicApi.create({
      properties: { email: 'ada@acme.test' },
      associations: [],
    })
    const answer = await sim.call('POST', '/crm/v3/objects/contacts', { properties: { email: 'ADA@acme.test' } })
    expect(answer.status).toBe(409)
    expect(answer.body).toMatchObject({
      category: 'CONFLICT',
      message: `Contact already exists. Existing ID: ${first.id}`,
    })
  })

  it('archives a contact with 204, after which it reads as 404', async () => {
    const created = await sim.hubspot.crm.contacts.basicApi.create({
      properties: { email: 'a@b.test' },
      associations: [],
    })
    expect((await sim.call('DELETE', `/crm/v3/objects/contacts/${created.id}`)).status).toBe(204)
    expect((await sim.call('GET', `/crm/v3/objects/contacts/${created.id}`)).status).toBe(404)
  })

  it('lists contacts page by page', async () => {
    for (let i = 0; i < 3; i++) await upsertByEmail(`c${i}@x.test`, {})
    const first = await sim.hubspot.crm.contacts.basicApi.getPage(2)
    const second = await sim.hubspot.crm.contacts.basicApi.getPage(2, first.paging?.next?.after)
    expect(first.results).toHaveLength(2)
    expect(second.results).toHaveLength(1)
    expect(second.paging).toBeUndefined()
  })
})

describe('contacts in batches', () => {
  it('creates with batch upsert (new: true), then updates (new: false)', async () => {
    const created = await upsertByEmail('ada@acme.test', { score: '1' })
    const updated = await upsertByEmail('Ada@Acme.test', { score: '2' })
    expect(created.results[0]?._new).toBe(true)
    expect(updated.results[0]?._new).toBe(false)
    expect(updated.results[0]?.id).toBe(created.results[0]?.id)
    expect(updated.results[0]?.properties.score).toBe('2')
  })

  it('answers a batch upsert with one bad input 207, with the error and the good inputs written', async () => {
    const answer = await sim.call('POST', '/crm/v3/objects/contacts/batch/upsert', {
      inputs: [
        { id: 'bad@x.test', idProperty: 'email', properties: { score: 'x' } },
        { id: 'good@x.test', idProperty: 'email', properties: { score: '3' } },
      ],
    })
    expect(answer.status).toBe(207)
    expect(answer.body.numErrors).toBe(1)
    expect(answer.body.errors[0]).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      context: { ids: ['bad@x.test'] },
      errors: [{ code: 'INVALID_LONG', in: 'score' }],
    })
    expect(answer.body.results.map((r: { properties: { email: string } }) => r.properties.email)).toEqual([
      'good@x.test',
    ])
  })

  it('gives the official client a 207 as a result, not an error', async () => {
    const result = await sim.hubspot.crm.contacts.batchApi.upsert({
      inputs: [{ id: 'bad@x.test', idProperty: 'email', properties: { nope: '1' } }],
    })
    expect('numErrors' in result && result.numErrors).toBe(1)
  })

  it('refuses a batch of more than 100 inputs with 400 VALIDATION_ERROR', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: `c${i}@x.test`, idProperty: 'email', properties: {} }))
    const answer = await sim.call('POST', '/crm/v3/objects/contacts/batch/upsert', { inputs })
    expect(answer.status).toBe(400)
    expect(answer.body.category).toBe('VALIDATION_ERROR')
  })

  it('refuses an upsert keyed by a property that is not unique', async () => {
    const answer = await sim.call('POST', '/crm/v3/objects/contacts/batch/upsert', {
      inputs: [{ id: 'Ada', idProperty: 'firstname', properties: {} }],
    })
    expect(answer.status).toBe(400)
    expect(answer.body.message).toBe('Unable to perform update/upsert by non-unique 0-1 property')
  })

  it('refuses one id given twice in a batch', async () => {
    const answer = await sim.call('POST', '/crm/v3/objects/contacts/batch/upsert', {
      inputs: [
        { id: 'a@x.test', idProperty: 'email', properties: {} },
        { id: 'A@x.test', idProperty: 'email', properties: {} },
      ],
    })
    expect(answer.status).toBe(400)
  })

  it('reads a batch and answers 207 naming the ids it could not find', async () => {
    const created = await upsertByEmail('a@x.test', { score: '4' })
    const answer = await sim.call('POST', '/crm/v3/objects/contacts/batch/read', {
      inputs: [{ id: created.results[0]?.id }, { id: '424242' }],
      properties: ['score'],
    })
    expect(answer.status).toBe(207)
    expect(answer.body.results[0].properties.score).toBe('4')
    expect(answer.body.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['424242'] } })
  })

  it('reads a batch by email with the official client', async () => {
    await upsertByEmail('a@x.test', { score: '4' })
    const result = await sim.hubspot.crm.contacts.batchApi.read({
      inputs: [{ id: 'a@x.test' }],
      idProperty: 'email',
      properties: ['score'],
      propertiesWithHistory: [],
    })
    expect(result.results[0]?.properties.score).toBe('4')
  })

  it('creates a batch with 201', async () => {
    const answer = await sim.call('POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [{ properties: { email: 'a@x.test' } }, { properties: { email: 'b@x.test' } }],
    })
    expect(answer.status).toBe(201)
    expect(answer.body.results).toHaveLength(2)
  })

  it('fails a whole batch create on one bad input without trace ids, creating nothing', async () => {
    const answer = await sim.call('POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [{ properties: { email: 'a@x.test' } }, { properties: { email: 'b@x.test', score: 'x' } }],
    })
    expect(answer.status).toBe(400)
    expect((await sim.call('GET', '/_sim/objects/contacts')).body.results).toEqual([])
  })

  it('answers a batch create 207 per input when every input has an objectWriteTraceId', async () => {
    const answer = await sim.call('POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [
        { properties: { email: 'a@x.test' }, objectWriteTraceId: 't1' },
        { properties: { email: 'b@x.test', score: 'x' }, objectWriteTraceId: 't2' },
      ],
    })
    expect(answer.status).toBe(207)
    expect(answer.body.results).toHaveLength(1)
    expect(answer.body.errors[0].context).toEqual({ objectWriteTraceId: ['t2'] })
  })

  it('answers a batch create 409 when an email is already taken', async () => {
    await upsertByEmail('a@x.test', {})
    const error = await rejectionOf(
      sim.hubspot.crm.contacts.batchApi.create({ inputs: [{ properties: { email: 'a@x.test' }, associations: [] }] }),
    )
    expect(error.code).toBe(409)
  })

  it('updates a batch by id and answers 207 for an id that does not exist', async () => {
    const created = await upsertByEmail('a@x.test', {})
    const answer = await sim.call('POST', '/crm/v3/objects/contacts/batch/update', {
      inputs: [
        { id: created.results[0]?.id, properties: { score: '9' } },
        { id: '777777', properties: { score: '1' } },
      ],
    })
    expect(answer.status).toBe(207)
    expect(answer.body.results[0].properties.score).toBe('9')
    expect(answer.body.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['777777'] } })
  })

  it('refuses a batch update keyed by email, as HubSpot does', async () => {
    await upsertByEmail('a@x.test', {})
    const answer = await sim.call('POST', '/crm/v3/objects/contacts/batch/update', {
      inputs: [{ id: 'a@x.test', idProperty: 'email', properties: { score: '1' } }],
    })
    expect(answer.status).toBe(400)
  })

  it('archives a batch with 204', async () => {
    const created = await upsertByEmail('a@x.test', {})
    const answer = await sim.call('POST', '/crm/v3/objects/contacts/batch/archive', {
      inputs: [{ id: created.results[0]?.id }],
    })
    expect(answer.status).toBe(204)
    expect((await sim.call('GET', '/_sim/objects/contacts')).body.results).toEqual([])
  })
})

describe('companies', () => {
  beforeEach(async () => {
    await sim.hubspot.crm.properties.coreApi.create(
      'companies',
      propertyInput({
        name: 'product_account_id',
        type: 'string',
        fieldType: 'text',
        groupName: 'companyinformation',
        hasUniqueValue: true,
      }),
    )
  })

  it('upserts and reads a company by a unique property', async () => {
    await sim.hubspot.crm.companies.batchApi.upsert({
      inputs: [{ id: 'acme', idProperty: 'product_account_id', properties: { name: 'Acme' } }],
    })
    const company = await sim.hubspot.crm.companies.basicApi.getById(
      'acme',
      ['name'],
      undefined,
      undefined,
      false,
      'product_account_id',
    )
    expect(company.properties.name).toBe('Acme')
  })

  it('keeps unique property values unique: a second company with the value is a 409', async () => {
    await sim.hubspot.crm.companies.basicApi.create({ properties: { product_account_id: 'acme' }, associations: [] })
    const error = await rejectionOf(
      sim.hubspot.crm.companies.basicApi.create({ properties: { product_account_id: 'acme' }, associations: [] }),
    )
    expect(error.code).toBe(409)
  })

  it('answers 400 for an object type it does not serve', async () => {
    const answer = await sim.call('GET', '/crm/v3/objects/widgets/1')
    expect(answer.status).toBe(400)
    expect(answer.body.message).toBe('Unable to infer object type from: widgets')
  })
})
