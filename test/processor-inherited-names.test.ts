import { describe, expect, it } from 'vitest'
import { DAY, eventsOf, processEvents, scoreOf, signIn } from './process-events.ts'
import { prototypeNames } from './segment-arbitraries.ts'

const names = prototypeNames

describe('every Object.prototype name, and lone surrogates, through the processor with the default model', () => {
  it('as a userId: a contact of its own, scored, found by the read API', async () => {
    const messages = names.flatMap((name, i) => [
      { type: 'identify', userId: name, traits: { email: `user${i}@x.test` } },
      { type: 'track', userId: name, event: 'Onboarding Completed' },
      signIn(name),
      signIn(name),
    ])
    await processEvents(eventsOf(messages), async ({ store, read }) => {
      for (const name of names) {
        expect(await scoreOf(store, name), name).toBe(30)
        const answer = await read(`/api/contacts/${encodeURIComponent(name)}`)
        expect(answer.json, name).toMatchObject({ userId: name, scores: { lead_score_product_usage: { value: 30 } } })
      }
    })
  })

  it('as an anonymousId and a previousId: folded into the user that identify or alias names', async () => {
    const messages = names.flatMap((name, i) => [
      { type: 'track', anonymousId: name, event: 'Onboarding Completed' },
      { type: 'identify', userId: `identified-${i}`, anonymousId: name },
      { type: 'track', userId: `before-alias-${i}`, event: 'Integration Connected' },
      { type: 'alias', userId: `aliased-${i}`, previousId: `before-alias-${i}` },
      { type: 'track', anonymousId: `${name}-2`, event: 'Report Generated' },
      { type: 'alias', userId: `aliased-anon-${i}`, previousId: `${name}-2` },
    ])
    await processEvents(eventsOf(messages), async ({ store }) => {
      for (const [i, name] of names.entries()) {
        expect(await scoreOf(store, `identified-${i}`), name).toBe(20)
        expect(await scoreOf(store, `aliased-${i}`), name).toBe(15)
        // First report +15, and 1 report in 7 days +2.
        expect(await scoreOf(store, `aliased-anon-${i}`), name).toBe(17)
        expect(await store.loadContacts([`anon:${name}`]), name).toEqual([])
      }
    })
  })

  it('as ids with a lone surrogate (JSON "\\ud800"): one contact and company each, scored once and left alone', async () => {
    const messages = [
      { type: 'group', userId: '\ud800', groupId: 'acme\udc00', traits: { plan: 'trial', name: 'Acme \ud800' } },
      { type: 'identify', userId: '\ud800', traits: { email: 'lone\ud800@x.test' } },
      signIn('\ud800'),
      signIn('\udbff'),
    ]
    await processEvents(
      eventsOf(messages),
      async ({ store, read, afterMs }) => {
        // Two logins +10 (both ids are read as U+FFFD), one active user +5, trial +10; 4 days on, −5 for no login.
        expect(await scoreOf(store, '\ufffd')).toBe(afterMs === 0 ? 25 : 20)
        expect((await read('/api/contacts/lone%EF%BF%BD%40x.test')).status).toBe(200)
        expect((await store.getCompany('acme\ufffd'))?.name).toBe('Acme \ufffd')
      },
      [4 * DAY],
    )
  })

  it('as a groupId: a company of its own with its plan and active users', async () => {
    const messages = names.flatMap((name, i) => [
      { type: 'group', userId: `member-${i}`, groupId: name, traits: { plan: 'paying', name } },
      signIn(`member-${i}`),
    ])
    await processEvents(eventsOf(messages), async ({ store, read }) => {
      for (const [i, name] of names.entries()) {
        const company = await store.getCompany(name)
        expect([company?.name, company?.values], name).toEqual([name, { active_users_count: 1, plan_type: 'paying' }])
        expect((await read(`/api/companies/${encodeURIComponent(name)}`)).status, name).toBe(200)
        // One login +5, one active user +5, paying +20.
        expect(await scoreOf(store, `member-${i}`), name).toBe(30)
      }
    })
  })

  it('as an event name, a property key and a trait key and value: ordinary text', async () => {
    const fields = Object.fromEntries(names.map((name) => [name, { [name]: name }]))
    const messages = [
      { type: 'group', userId: 'u1', groupId: 'acme', traits: { ...fields, plan: 'trial' } },
      { type: 'identify', userId: 'u1', traits: { ...fields, email: 'u1@x.test' } },
      ...names.map((name) => ({ type: 'track', userId: 'u1', event: name, properties: fields })),
      ...names.map(() => ({ type: 'track', userId: 'u1', event: 'Signed In', properties: fields })),
      ...names.map((name) => ({
        type: 'group',
        userId: `plan-${name}`,
        groupId: `plan-${name}`,
        traits: { plan: name },
      })),
    ]
    await processEvents(eventsOf(messages), async ({ store }) => {
      // Twelve logins, +5 each up to +25; one active user +5; trial +10.
      expect(await scoreOf(store, 'u1@x.test')).toBe(40)
      for (const name of names) {
        expect((await store.getCompany(`plan-${name}`))?.values.plan_type, name).toBe(name)
        expect(await scoreOf(store, `plan-${name}`), name).toBe(0)
      }
    })
  })

  it('as the userIds of a company’s members: each counts as an active user', async () => {
    const messages = names.flatMap((name) => [
      { type: 'group', userId: name, groupId: 'acme', traits: { plan: 'trial' } },
      signIn(name),
    ])
    await processEvents(eventsOf(messages), async ({ store }) => {
      expect((await store.getCompany('acme'))?.values.active_users_count).toBe(names.length)
    })
  })

  it('as the userIds of a company’s members: every member scored with the company’s plan and users', async () => {
    const messages = names.flatMap((name) => [
      { type: 'group', userId: name, groupId: 'acme', traits: { plan: 'trial' } },
      signIn(name),
    ])
    await processEvents(eventsOf(messages), async ({ store }) => {
      // One login +5, at least six active users +30 (the cap), trial +10.
      for (const name of names) expect(await scoreOf(store, name), name).toBe(45)
    })
  })
})
