import { describe, expect, it } from 'vitest'
import { type ApiAnswer, identify, liveServicePerTest, track } from './live-service-harness.ts'

const start = liveServicePerTest()

/** Ada (first anonymous, then identified) and Bob, both at Acme and both signed in: two active users. */
const acme = [
  { type: 'track', anonymousId: 'a-1', event: 'Widget Created', messageId: 'ada-anon-widget' },
  { type: 'identify', userId: 'u-ada', anonymousId: 'a-1', traits: { email: 'ada@acme.test' }, messageId: 'ada-id' },
  { type: 'group', userId: 'u-ada', groupId: 'acme', traits: { plan: 'trial' }, messageId: 'ada-group' },
  track('u-ada', 'Signed In', 1),
  identify('u-bob', 'bob@acme.test'),
  { type: 'group', userId: 'u-bob', groupId: 'acme', traits: { plan: 'trial' }, messageId: 'bob-group' },
  track('u-bob', 'Signed In', 1),
]

async function serviceWithAcme() {
  const live = await start()
  expect(await live.send(acme)).toBe(acme.length)
  await live.settled()
  return live
}

describe('DELETE /api/contacts/{key}', () => {
  it('forgets the contact and answers what was removed', async () => {
    const live = await serviceWithAcme()
    const answer: ApiAnswer = await live.api('DELETE', '/api/contacts/ada@acme.test')
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({
      contactIds: ['u-ada'],
      removed: {
        contacts: 1,
        identities: 2,
        events: 4,
        scoreHistory: expect.any(Number),
        outbox: expect.any(Number),
        deadLetters: 0,
        crmIds: 0,
      },
      companies: ['acme'],
      hubspot: 'not_asked',
    })
    expect(answer.body.removed.scoreHistory).toBeGreaterThan(0)
    expect((await live.api('GET', '/api/contacts/ada@acme.test')).status).toBe(404)
    expect((await live.api('GET', '/api/contacts/u-ada/history')).status).toBe(404)
  })

  it('re-scores the company without the contact, through the processing path', async () => {
    const live = await serviceWithAcme()
    expect((await live.api('GET', '/api/companies/acme')).body.properties.active_users_count).toBe(2)
    await live.api('DELETE', '/api/contacts/u-ada')
    expect((await live.api('GET', '/api/companies/acme')).body.properties.active_users_count).toBe(1)
    const bob = (await live.api('GET', '/api/contacts/u-bob/history')).body.history
    expect(bob.at(-1)).toMatchObject({ cause: 'forget', delta: -5 })
  })

  it('forgets every contact that has the email', async () => {
    const live = await serviceWithAcme()
    await live.send([identify('u-ada-2', 'Ada@acme.test'), track('u-ada-2', 'Signed In', 1)])
    await live.settled()
    const answer = await live.api('DELETE', '/api/contacts/ada@acme.test')
    expect(answer.body.contactIds.sort()).toEqual(['u-ada', 'u-ada-2'])
    expect((await live.api('GET', '/api/contacts/u-ada-2')).status).toBe(404)
    expect((await live.api('GET', '/api/contacts/u-bob')).status).toBe(200)
  })

  it('answers 404 for an unknown contact and removes nothing', async () => {
    const live = await serviceWithAcme()
    const answer = await live.api('DELETE', '/api/contacts/nobody@acme.test')
    expect(answer.status).toBe(404)
    expect(answer.body.error.code).toBe('not_found')
    expect((await live.api('GET', '/api/companies/acme')).body.properties.active_users_count).toBe(2)
  })

  it('is behind the admin token', async () => {
    const live = await serviceWithAcme()
    const answer = await fetch(`${live.service.url}/api/contacts/ada@acme.test`, { method: 'DELETE' })
    expect(answer.status).toBe(401)
    expect((await live.api('GET', '/api/contacts/ada@acme.test')).status).toBe(200)
  })

  it('refuses ?hubspot=true when the HubSpot sync is off, and removes nothing', async () => {
    const live = await serviceWithAcme()
    const answer = await live.api('DELETE', '/api/contacts/ada@acme.test?hubspot=true')
    expect(answer.status).toBe(400)
    expect(answer.body.error.message).toMatch(/HubSpot sync is off/)
    expect((await live.api('GET', '/api/contacts/ada@acme.test')).status).toBe(200)
  })

  it('starts a new contact from that person’s events sent afterwards, a resend of a forgotten one included', async () => {
    const live = await serviceWithAcme()
    await live.api('DELETE', '/api/contacts/ada@acme.test')
    // Its messageId went with the event: it is not a duplicate any more.
    expect(await live.send([track('u-ada', 'Signed In', 1)])).toBe(1)
    await live.settled()
    const again = (await live.api('GET', '/api/contacts/u-ada')).body
    expect(again).toMatchObject({ email: null, companyId: null })
    expect(again.properties).toMatchObject({ logins_last_7_days: 1, widgets_created: 0 })
  })
})
