import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type RunningSimulator, rejectionOf, startSimulator } from './hubspot-sim-harness.ts'

let sim: RunningSimulator
let contactId: string
beforeEach(async () => {
  sim = await startSimulator()
  contactId = (
    await sim.hubspot.crm.contacts.basicApi.create({ properties: { email: 'ada@acme.test' }, associations: [] })
  ).id
})
afterEach(async () => {
  await sim.close()
})

const toContact = (id: string) => [
  { to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] },
]

describe('tasks', () => {
  it('creates a task with 201 and associates it with the contact named inline', async () => {
    const answer = await sim.call('POST', '/crm/v3/objects/tasks', {
      properties: {
        hs_timestamp: '2026-12-01T09:00:00.000Z',
        hs_task_subject: 'Call ada@acme.test — PQL 87',
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: 'HIGH',
        hs_task_type: 'CALL',
        hubspot_owner_id: '6166860',
      },
      associations: toContact(contactId),
    })
    expect(answer.status).toBe(201)
    const tasks = await sim.hubspot.crm.associations.v4.basicApi.getPage('contacts', contactId, 'tasks')
    expect(tasks.results).toEqual([
      { toObjectId: answer.body.id, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 203, label: null }] },
    ])
  })

  it('refuses a task without hs_timestamp', async () => {
    const answer = await sim.call('POST', '/crm/v3/objects/tasks', { properties: { hs_task_subject: 'Call' } })
    expect(answer.status).toBe(400)
    expect(answer.body.category).toBe('VALIDATION_ERROR')
  })

  it('refuses an inline association to a record that does not exist, creating nothing', async () => {
    const answer = await sim.call('POST', '/crm/v3/objects/tasks', {
      properties: { hs_timestamp: '1795710537554' },
      associations: toContact('999999'),
    })
    expect(answer.status).toBe(400)
    expect((await sim.call('GET', '/_sim/objects/tasks')).body.results).toEqual([])
  })

  it('refuses a priority that is not one of the options', async () => {
    const error = await rejectionOf(
      sim.hubspot.crm.objects.tasks.basicApi.create({
        properties: { hs_timestamp: '1795710537554', hs_task_priority: 'URGENT' },
        associations: [],
      }),
    )
    expect(error.code).toBe(400)
  })

  it('creates tasks in a batch with 201 through the official client', async () => {
    const result = await sim.hubspot.crm.objects.tasks.batchApi.create({
      inputs: [
        { properties: { hs_timestamp: '1795710537554', hs_task_subject: 'One' }, associations: [] },
        { properties: { hs_timestamp: '1795710537554', hs_task_subject: 'Two' }, associations: [] },
      ],
    })
    expect(result.results).toHaveLength(2)
  })

  it('archives a task with 204', async () => {
    const task = await sim.hubspot.crm.objects.tasks.basicApi.create({
      properties: { hs_timestamp: '1795710537554' },
      associations: [],
    })
    expect((await sim.call('DELETE', `/crm/v3/objects/tasks/${task.id}`)).status).toBe(204)
    expect((await sim.call('GET', `/crm/v3/objects/tasks/${task.id}`)).status).toBe(404)
  })
})
