import { describe, expect, it } from 'vitest'
import {
  companyChange,
  contactChange,
  contactsByEmail,
  drained,
  hubspotOf,
  startRigPerTest,
} from './hubspot-sync-harness.ts'

const startRig = startRigPerTest()

describe('HubSpot sync against the simulator', () => {
  it('creates the property group and typed properties before the first write', async () => {
    const rig = await startRig()
    await rig.change([contactChange(1, { lead_score_product_usage: '10' })])
    await drained(rig)
    const hubspot = hubspotOf(rig)
    const score = await hubspot.crm.properties.coreApi.getByName('contacts', 'lead_score_product_usage')
    expect([score.type, score.fieldType, score.groupName]).toEqual(['number', 'number', 'product_usage'])
    const milestone = await hubspot.crm.properties.coreApi.getByName('contacts', 'has_completed_onboarding')
    expect([milestone.type, milestone.fieldType]).toEqual(['bool', 'booleancheckbox'])
    expect(milestone.options.map((option) => option.value).sort()).toEqual(['false', 'true'])
    const plan = await hubspot.crm.properties.coreApi.getByName('companies', 'plan_type')
    expect([plan.type, plan.fieldType]).toEqual(['string', 'text'])
    const accountId = await hubspot.crm.properties.coreApi.getByName('companies', 'product_account_id')
    expect(accountId.hasUniqueValue).toBe(true)
    const groups = await hubspot.crm.properties.groupsApi.getAll('companies')
    expect(groups.results.map((group) => group.name)).toContain('product_usage')
  })

  it('drains a backlog in full batches of 100', async () => {
    const rig = await startRig({ start: false })
    await rig.change(Array.from({ length: 450 }, (_, n) => contactChange(n, { logins_last_7_days: String(n % 7) })))
    await rig.sync.start()
    await drained(rig)
    const stats = await rig.stats()
    expect(stats.upsertCalls).toBe(5)
    expect(stats.upsertRecords).toBe(450)
    const contacts = await contactsByEmail(rig)
    for (let n = 0; n < 450; n++) expect(contacts.get(`c${n}@sync.test`)?.logins_last_7_days).toBe(String(n % 7))
  })

  it('keeps six batch calls in flight while HubSpot takes its time to answer', async () => {
    let inFlight = 0
    let mostInFlight = 0
    const rig = await startRig({
      start: false,
      sim: { latencyMs: 200 },
      // A store whose reads take a moment, as a database server's do: workers that read the outbox together would
      // all see the same oldest entries, and all but one would find them taken and wait.
      wrapStore: (store) => ({
        ...store,
        readOutbox: async (objectType, limit) => {
          await new Promise((resolve) => setTimeout(resolve, 5))
          return store.readOutbox(objectType, limit)
        },
      }),
      wrapFetch: (fetch) => async (address, init) => {
        if (!String(address).includes('/batch/upsert')) return fetch(address, init)
        mostInFlight = Math.max(mostInFlight, ++inFlight)
        try {
          return await fetch(address, init)
        } finally {
          inFlight--
        }
      },
    })
    await rig.change(Array.from({ length: 1_200 }, (_, n) => contactChange(n, { logins_last_7_days: '1' })))
    await rig.sync.start()
    await drained(rig)
    expect((await rig.stats()).upsertRecords).toBe(1_200)
    expect(mostInFlight).toBe(6)
  })

  it('waits, when it stops, for the answer of a write already sent, so that nothing lands at HubSpot after', async () => {
    let sent = 0
    let answered = 0
    const rig = await startRig({
      start: false,
      sim: { latencyMs: 300 },
      wrapFetch: (fetch) => async (address, init) => {
        if (!String(address).includes('/batch/upsert')) return fetch(address, init)
        sent++
        try {
          return await fetch(address, init)
        } finally {
          answered++
        }
      },
    })
    await rig.change([contactChange(1, { logins_last_7_days: '3' })])
    await rig.sync.start()
    while (sent === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    await rig.sync.stop()
    expect(answered).toBe(sent)
    expect((await rig.stats()).upsertRecords).toBe(1)
  })

  it('goes on after the store fails to read the outbox, logging it', async () => {
    let failures = 1
    const rig = await startRig({
      start: false,
      wrapStore: (store) => ({
        ...store,
        readOutbox: async (objectType, limit) => {
          if (failures-- > 0) throw new Error('disk I/O error')
          return store.readOutbox(objectType, limit)
        },
      }),
    })
    await rig.change([contactChange(1, { logins_last_7_days: '3' })])
    await rig.sync.start()
    await drained(rig)
    expect((await contactsByEmail(rig)).get('c1@sync.test')?.logins_last_7_days).toBe('3')
    expect(rig.logs.some((line) => line.includes('disk I/O error'))).toBe(true)
  })

  it('sends a contact changed many times once, with its latest values', async () => {
    const rig = await startRig({ start: false })
    for (let i = 1; i <= 50; i++) await rig.change([contactChange(1, { logins_last_7_days: String(i) })])
    await rig.sync.start()
    await drained(rig)
    expect((await rig.stats()).upsertRecords).toBe(1)
    expect((await contactsByEmail(rig)).get('c1@sync.test')?.logins_last_7_days).toBe('50')
  })

  it('upserts companies by product_account_id and associates their contacts', async () => {
    const rig = await startRig()
    await rig.change([
      companyChange('acme', { name: 'Acme', plan_type: 'trial', active_users_count: '2' }),
      contactChange(1, { lead_score_product_usage: '30' }, { companyId: 'acme' }),
      contactChange(2, { lead_score_product_usage: '40' }, { companyId: 'acme' }),
    ])
    await drained(rig)
    const hubspot = hubspotOf(rig)
    const company = await hubspot.crm.companies.basicApi.getById(
      'acme',
      ['plan_type', 'active_users_count', 'name'],
      undefined,
      undefined,
      false,
      'product_account_id',
    )
    expect(company.properties).toMatchObject({ plan_type: 'trial', active_users_count: '2', name: 'Acme' })
    const contacts = await contactsByEmail(rig)
    for (const email of ['c1@sync.test', 'c2@sync.test']) {
      const id = contacts.get(email)?.hs_object_id ?? ''
      const associations = await hubspot.crm.associations.v4.basicApi.getPage('contacts', id, 'companies')
      expect(associations.results.map((a) => a.toObjectId)).toEqual([company.id])
    }
    expect(await rig.store.crmIds('companies', ['acme'])).toEqual(new Map([['acme', company.id]]))
  })

  it('clears a property sent as ""', async () => {
    const rig = await startRig()
    await rig.change([contactChange(1, { days_since_last_login: '3' })])
    await drained(rig)
    await rig.change([contactChange(1, { days_since_last_login: '' })])
    await drained(rig)
    expect((await contactsByEmail(rig)).get('c1@sync.test')?.days_since_last_login).toBeUndefined()
  })

  it('logs its budget, backlog and dead letters when it starts', async () => {
    const rig = await startRig({
      start: false,
      hubspot: { callsPer10Seconds: 100, callsPerDay: 250_000, budgetShare: 0.5 },
    })
    await rig.change([contactChange(1, { lead_score_product_usage: '10' }), contactChange(2, {})])
    await rig.sync.start()
    expect(rig.logs[0]).toBe(
      'HubSpot sync: budget 50 calls per 10 s (50 % of 100) and 125,000 per day; ' +
        '2 records pending in the outbox, 0 dead letters',
    )
  })

  it('reports its health', async () => {
    const rig = await startRig()
    await rig.change([contactChange(1, { lead_score_product_usage: '10' })])
    await drained(rig)
    const health = await rig.sync.health()
    expect(health.backlog).toMatchObject({ contacts: 0, companies: 0, oldestChangeAt: null })
    expect(health.lastMinute.records).toBe(1)
    expect(health.latencyMs.samples).toBe(1)
    expect(health.provisioned).toBe(true)
    expect(health.budget.portalMaxPerWindow).toBe(190)
  })
})
