import { Client } from '@hubspot/api-client'
import { afterEach, describe, expect, it } from 'vitest'
import { createHubspotSimulator, type HubspotSimulator } from '../src/sim/hubspot/hubspot-simulator.ts'
import { waitUntil } from './hubspot-sync-harness.ts'
import { identify, liveServicePerTest, track } from './live-service-harness.ts'

const start = liveServicePerTest()
let simulator: HubspotSimulator | undefined
afterEach(async () => {
  await simulator?.close()
  simulator = undefined
})

type SimRecord = { id: string; properties: Record<string, string> }

async function records(url: string, type: 'contacts' | 'companies'): Promise<SimRecord[]> {
  return ((await (await fetch(`${url}/_sim/objects/${type}`)).json()) as { results: SimRecord[] }).results
}
const contactOf = async (url: string, email: string) =>
  (await records(url, 'contacts')).find((r) => r.properties.email === email)
const faults = (url: string, update: Record<string, number>) =>
  fetch(`${url}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(update),
  })

/** The service synced to a fresh simulator, with Ada and Bob of Acme in HubSpot. */
async function syncedAcme() {
  simulator = createHubspotSimulator({})
  const url = await simulator.listen({ port: 0, host: '127.0.0.1' })
  const live = await start({ env: { HUBSPOT_ACCESS_TOKEN: 'pat-test', HUBSPOT_BASE_URL: url } })
  await live.send([
    identify('u-ada', 'ada@acme.test'),
    { type: 'group', userId: 'u-ada', groupId: 'acme', traits: { plan: 'trial' }, messageId: 'ada-group' },
    track('u-ada', 'Signed In', 1),
    identify('u-bob', 'bob@acme.test'),
    { type: 'group', userId: 'u-bob', groupId: 'acme', traits: { plan: 'trial' }, messageId: 'bob-group' },
    track('u-bob', 'Signed In', 1),
  ])
  await live.settled()
  const acmeIn = async () => (await records(url, 'companies')).find((r) => r.properties.product_account_id === 'acme')
  await waitUntil(
    async () =>
      (await contactOf(url, 'ada@acme.test')) !== undefined &&
      (await contactOf(url, 'bob@acme.test')) !== undefined &&
      (await acmeIn())?.properties.active_users_count === '2',
    'Ada, Bob and Acme in HubSpot',
  )
  return { url, live, acmeIn }
}

describe('forgetting a contact with ?hubspot=true', () => {
  it('deletes the contact in HubSpot with its GDPR endpoint, and sends the company its new values', async () => {
    const { url, live, acmeIn } = await syncedAcme()
    const answer = await live.api('DELETE', '/api/contacts/ada@acme.test?hubspot=true')
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ contactIds: ['u-ada'], hubspot: 'deleted', removed: { crmIds: 1 } })
    expect(await contactOf(url, 'ada@acme.test')).toBeUndefined()
    expect(await contactOf(url, 'bob@acme.test')).toBeDefined()
    const contacts = new Client({ accessToken: 'pat-test', basePath: url }).crm.contacts.basicApi
    const read = contacts.getById('ada@acme.test', [], [], [], false, 'email')
    await expect(read).rejects.toMatchObject({ code: 404 })
    await waitUntil(async () => (await acmeIn())?.properties.active_users_count === '1', 'Acme with one active user')
  })

  it('leaves HubSpot alone without it', async () => {
    const { url, live } = await syncedAcme()
    expect((await live.api('DELETE', '/api/contacts/ada@acme.test')).body.hubspot).toBe('not_asked')
    expect(await contactOf(url, 'ada@acme.test')).toBeDefined()
  })

  it('retries the deletion through a short outage', async () => {
    const { url, live } = await syncedAcme()
    await faults(url, { outageSeconds: 0.6 })
    const answer = await live.api('DELETE', '/api/contacts/ada@acme.test?hubspot=true')
    expect(answer.status).toBe(200)
    expect(await contactOf(url, 'ada@acme.test')).toBeUndefined()
    const stats = (await (await fetch(`${url}/_sim/stats`)).json()) as { byStatus: Record<string, number> }
    expect(stats.byStatus['503']).toBeGreaterThan(0)
  })

  it('removes nothing when HubSpot does not confirm the deletion, so that it can be asked again', async () => {
    const { url, live } = await syncedAcme()
    await faults(url, { outageSeconds: 60 })
    const refused = await live.api('DELETE', '/api/contacts/ada@acme.test?hubspot=true')
    expect(refused.status).toBe(502)
    expect(refused.body.error.code).toBe('crm_transient')
    expect((await live.api('GET', '/api/contacts/ada@acme.test')).status).toBe(200)
    expect(await contactOf(url, 'ada@acme.test')).toBeDefined()

    await faults(url, { outageSeconds: 0 })
    expect((await live.api('DELETE', '/api/contacts/ada@acme.test?hubspot=true')).status).toBe(200)
    expect(await contactOf(url, 'ada@acme.test')).toBeUndefined()
  }, 30_000)
})
