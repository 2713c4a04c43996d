import { Client } from '@hubspot/api-client'
import { describe, expect, it } from 'vitest'
import { createHubspotSync } from '../src/crm/hubspot/hubspot-sync.ts'
import { companyResend, contactResend } from '../src/crm/resend-records.ts'
import { createHubspotSimulator } from '../src/sim/hubspot/hubspot-simulator.ts'
import type { CompanyRecord, ContactRecord } from '../src/storage/records.ts'
import type { OutboxChange } from '../src/storage/store.ts'
import {
  contactsByEmail,
  drained,
  hubspotOf,
  type SyncRig,
  startRigPerTest,
  waitUntil,
} from './hubspot-sync-harness.ts'

const startRig = startRigPerTest()

const contact = (n: number, companyId: string, logins: number): ContactRecord => ({
  id: `u-${n}`,
  userId: `u-${n}`,
  email: `c${n}@sync.test`,
  companyId,
  state: {},
  values: { logins_last_7_days: logins, has_completed_onboarding: true },
  scores: { lead_score_product_usage: { value: 20 + logins * 5, label: 'cold', reasons: [] } },
  nextChangeAtMs: null,
  updatedAtMs: Date.now(),
})

const company = (groupId: string, name: string, plan: string): CompanyRecord => ({
  id: groupId,
  name,
  state: {},
  values: { plan_type: plan, active_users_count: 2 },
  scores: {},
  nextChangeAtMs: null,
  updatedAtMs: Date.now(),
})

/** Stores contacts and companies as the processor does, with their whole records in the outbox, and waits for HubSpot. */
async function seed(rig: SyncRig, contacts: ContactRecord[], companies: CompanyRecord[]): Promise<void> {
  const whole = (change: OutboxChange & { underPending?: boolean }): OutboxChange => {
    const { underPending: _, ...rest } = change
    return rest
  }
  await rig.store.commit({
    contacts,
    companies,
    deletedContactIds: [],
    identities: [],
    history: [],
    outbox: [
      ...companies.map((c) => whole(companyResend(rig.model, c, Date.now()))),
      ...contacts.flatMap((c) => contactResend(rig.model, c, Date.now()) ?? []).map(whole),
    ],
  })
  rig.sync.wake()
  await drained(rig)
}

/** The company names each contact (by email) is associated with, read with the official client. */
async function companyNamesByEmail(hubspot: Client, emails: readonly string[]): Promise<Record<string, string[]>> {
  const names: Record<string, string[]> = {}
  for (const email of emails) {
    const found = await hubspot.crm.contacts.basicApi.getById(email, ['email'], undefined, undefined, false, 'email')
    const links = await hubspot.crm.associations.v4.basicApi.getPage('contacts', found.id, 'companies')
    names[email] = []
    for (const link of links.results) {
      const linked = await hubspot.crm.companies.basicApi.getById(link.toObjectId, ['name'])
      names[email]?.push(linked.properties.name ?? '')
    }
  }
  return names
}

const acme = company('acme', 'Acme', 'trial')
const globex = company('globex', 'Globex', 'paying')
const people = [contact(1, 'acme', 1), contact(2, 'acme', 2), contact(3, 'globex', 3)]
const emails = people.map((p) => p.email ?? '')

describe('HubSpot sync when HubSpot no longer holds what upscore synced', () => {
  it('sends every record again, whole and associated, to a HubSpot that holds none of them (a new simulator)', async () => {
    const rig = await startRig()
    await seed(rig, people, [acme, globex])
    await rig.sync.stop()

    // The same data folder, pointed at a new, empty HubSpot (the demo run again, or another portal).
    const simulator = createHubspotSimulator({})
    const url = await simulator.listen({ port: 0, host: '127.0.0.1' })
    const logs: string[] = []
    const sync = createHubspotSync({
      store: rig.store,
      model: rig.model,
      hubspot: { accessToken: 'pat-test', baseUrl: url, callsPer10Seconds: 190, callsPerDay: 1e6, budgetShare: 0.9 },
      fetch: (address, init) => globalThis.fetch(address, init),
      now: Date.now,
      log: (line) => logs.push(line),
      tuning: { pollIntervalMs: 100 },
    })
    try {
      await sync.start()
      await waitUntil(async () => logs.some((line) => line.includes('sent again')), 'the records are sent again')
      await sync.idle()
      const hubspot = new Client({ accessToken: 'pat-test', basePath: url })
      const found = await hubspot.crm.contacts.batchApi.read({
        idProperty: 'email',
        inputs: emails.map((id) => ({ id })),
        properties: ['email', 'logins_last_7_days', 'lead_score_product_usage', 'has_completed_onboarding'],
        propertiesWithHistory: [],
      })
      const byEmail = new Map(found.results.map((r) => [r.properties.email, r.properties]))
      expect(byEmail.get('c3@sync.test')).toMatchObject({
        logins_last_7_days: '3',
        lead_score_product_usage: '35',
        has_completed_onboarding: 'true',
      })
      expect(await companyNamesByEmail(hubspot, emails)).toEqual({
        'c1@sync.test': ['Acme'],
        'c2@sync.test': ['Acme'],
        'c3@sync.test': ['Globex'],
      })
      const globexNow = await hubspot.crm.companies.basicApi.getById(
        'globex',
        ['plan_type'],
        undefined,
        undefined,
        false,
        'product_account_id',
      )
      expect(globexNow.properties.plan_type).toBe('paying')
      expect(logs.find((line) => line.includes('sent again'))).toContain(
        'all 3 contacts and 2 companies are sent again',
      )
      expect(logs.filter((line) => line.includes('merged'))).toEqual([])
      expect((await rig.store.crmIds('companies', ['globex'])).get('globex')).toBe(globexNow.id)
    } finally {
      await sync.stop()
      await simulator.close()
    }
  })

  it('keeps its stored ids, and sends nothing again, when HubSpot still holds the records', async () => {
    const rig = await startRig()
    await seed(rig, people, [acme, globex])
    const before = await rig.stats()
    await rig.sync.stop()
    await rig.sync.start()
    await rig.sync.idle()
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await rig.stats()).upsertRecords).toBe(before.upsertRecords)
    expect(rig.logs.filter((line) => line.includes('sent again'))).toEqual([])
  })

  it('creates a contact deleted in HubSpot again with all its values, without calling it a merge', async () => {
    const rig = await startRig()
    await seed(rig, people, [acme, globex])
    const hubspot = hubspotOf(rig)
    const deletedId = (await rig.store.crmIds('contacts', ['u-1'])).get('u-1') ?? ''
    await hubspot.crm.contacts.basicApi.archive(deletedId)

    // Only the logins and the score change; the rest was sent before, to the contact that is gone.
    await rig.store.commit({
      contacts: [contact(1, 'acme', 4)],
      companies: [],
      deletedContactIds: [],
      identities: [],
      history: [],
      outbox: [
        {
          objectType: 'contacts',
          entityId: 'u-1',
          idValue: 'c1@sync.test',
          properties: { logins_last_7_days: '4', lead_score_product_usage: '40' },
          changedAtMs: Date.now(),
        },
      ],
    })
    rig.sync.wake()
    await drained(rig)
    const contacts = await contactsByEmail(rig)
    expect(contacts.get('c1@sync.test')).toMatchObject({
      logins_last_7_days: '4',
      lead_score_product_usage: '40',
      has_completed_onboarding: 'true',
    })
    expect(contacts.get('c1@sync.test')?.hs_object_id).not.toBe(deletedId)
    expect(await companyNamesByEmail(hubspot, ['c1@sync.test'])).toEqual({ 'c1@sync.test': ['Acme'] })
    expect(rig.logs.filter((line) => line.includes('merged'))).toEqual([])
    expect(rig.logs.some((line) => line.includes('no longer held 1 contacts'))).toBe(true)
  })

  it('creates a company deleted in HubSpot again with its values, and associates its contacts with it', async () => {
    const rig = await startRig()
    await seed(rig, people, [acme, globex])
    const hubspot = hubspotOf(rig)
    const deletedId = (await rig.store.crmIds('companies', ['acme'])).get('acme') ?? ''
    await hubspot.crm.companies.basicApi.archive(deletedId)

    // A new contact of Acme: it is associated with the company upscore knows as record `deletedId`.
    const newcomer = contact(4, 'acme', 4)
    await seed(rig, [newcomer], [])
    const back = await hubspot.crm.companies.basicApi.getById(
      'acme',
      ['name', 'plan_type'],
      undefined,
      undefined,
      false,
      'product_account_id',
    )
    expect(back.id).not.toBe(deletedId)
    expect(back.properties).toMatchObject({ name: 'Acme', plan_type: 'trial' })
    expect(await companyNamesByEmail(hubspot, ['c4@sync.test'])).toEqual({ 'c4@sync.test': ['Acme'] })
    expect((await rig.store.crmIds('companies', ['acme'])).get('acme')).toBe(back.id)
    expect(await rig.store.deadLetterCount()).toBe(0)
  })
})
