import { afterEach, describe, expect, it } from 'vitest'
import { createHubspotSimulator, type HubspotSimulator } from '../src/sim/hubspot/hubspot-simulator.ts'
import { waitUntil } from './hubspot-sync-harness.ts'
import { identify, liveServicePerTest, track, withLoginsTotal } from './live-service-harness.ts'

const start = liveServicePerTest()
let simulator: HubspotSimulator | undefined

afterEach(async () => {
  await simulator?.close()
  simulator = undefined
})

async function contactOf(url: string, email: string): Promise<Record<string, string> | undefined> {
  const answer = (await (await fetch(`${url}/_sim/objects/contacts`)).json()) as {
    results: { properties: Record<string, string> }[]
  }
  return answer.results.find((r) => r.properties.email === email)?.properties
}

describe('publishing with the HubSpot sync on', () => {
  it('provisions the new model’s properties and writes their values', async () => {
    simulator = createHubspotSimulator({})
    const url = await simulator.listen({ port: 0, host: '127.0.0.1' })
    const live = await start({ env: { HUBSPOT_ACCESS_TOKEN: 'pat-test', HUBSPOT_BASE_URL: url } })
    await live.send([identify('u1', 'one@x.test'), track('u1', 'Signed In', 1), track('u1', 'Signed In', 2)])
    await live.settled()
    await waitUntil(
      async () => (await contactOf(url, 'one@x.test'))?.lead_score_product_usage !== undefined,
      'the contact in HubSpot',
    )
    const before = Number((await contactOf(url, 'one@x.test'))?.lead_score_product_usage)

    await live.api('PUT', '/api/model/draft', withLoginsTotal)
    expect((await live.api('POST', '/api/model/draft/publish')).status).toBe(202)
    await live.settled()

    await waitUntil(async () => (await contactOf(url, 'one@x.test'))?.logins_total === '2', 'logins_total in HubSpot')
    expect((await contactOf(url, 'one@x.test'))?.lead_score_product_usage).toBe(String(before + 7))
    const property = await fetch(`${url}/crm/v3/properties/contacts/logins_total`, {
      headers: { authorization: 'Bearer pat-test' },
    })
    expect(property.status).toBe(200)
    expect(await property.json()).toMatchObject({ name: 'logins_total', type: 'number', groupName: 'product_usage' })
    expect((await live.api('GET', '/api/sync/dead-letters')).body.deadLetters).toEqual([])
  })
})
