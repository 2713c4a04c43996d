import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Event } from '../src/events/event.ts'
import { checkModelText } from '../src/load-model.ts'
import { createProcessor, type Processor } from '../src/pipeline/processor.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import type { Store } from '../src/storage/store.ts'
import { appendTestEvents } from './append-test-events.ts'

/**
 * Every name a plain object inherits (`__proto__`, `constructor`, `toString`, `hasOwnProperty`, …), sent as data:
 * event names, property names and values, trait names and values, userIds, anonymousIds and groupIds. Each must
 * count as the ordinary text it is, through the real processor over a real store, with state written and read
 * back between steps.
 */
const NAMES = Object.getOwnPropertyNames(Object.prototype)
const N = NAMES.length
const DAY = 86_400_000
const NOW = Date.parse('2026-11-26T12:00:00Z')
const list = (names: readonly string[]) => JSON.stringify(names)
const ownKey = (key: string, value: unknown): Record<string, unknown> => Object.fromEntries([[key, value]])

const modelText = `
properties:
  contact:
    features_used: { type: distinct, event: Feature Used, field: feature }
    features_this_week: { type: distinct, event: Feature Used, field: feature, window: 7d }
    inherited_field: { type: distinct, event: Feature Used, field: toString }
    odd_events: { type: count, event: ${list(NAMES)} }
    odd_events_this_week: { type: count, event: ${list(NAMES)}, window: 7d }
    odd_ever: { type: milestone, event: ${list(NAMES)} }
    first_odd: { type: milestone, event: ${list(NAMES)}, value: first }
    days_since_odd: { type: days_since, event: ${list(NAMES)} }
    value_of_total: { type: sum, event: Odd Props, field: valueOf }
    odd_where: { type: count, event: Odd Props, where: constructor == "own" and hasOwnProperty == 1 }
    plan: { type: trait, trait: plan }
    built_by: { type: trait, trait: constructor }
    proto_trait: { type: trait, trait: __proto__ }
  company:
    members_count: { type: rollup, fn: count }
    features_total: { type: rollup, of: features_used, fn: sum }
    best_usage: { type: rollup, of: usage, fn: max }
    active_users: { type: active_users, window: 30d }
    account_features: { type: distinct, event: Feature Used, field: feature }
    company_plan: { type: trait, trait: plan }
segments:
  insiders: { subject: contact, trait: audiences, contains: __proto__ }
  busy: { subject: contact, when: features_used >= ${N} }
scores:
  usage:
    subject: contact
    rules:
      features: { points: 1, per: 1, of: features_used }
      plan_points: { match: plan, values: { pro: 10, constructor: 7 }, default: 1 }
      odd: { event: ${list(NAMES)}, points: 2 }
      docs: { url: "/docs/*", points: 3 }
      insider: { segments: { all: [insiders] }, points: 100 }
  account:
    subject: company
    rules:
      members: { points: 1, per: 1, of: members_count }
      plans: { match: company_plan, values: { toString: 50 }, default: 5 }
triggers:
  became_busy: { subject: contact, when: busy }
`

const model = (() => {
  const checked = checkModelText(modelText, 'prototype-keys.yaml')
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  return checked.model
})()

describe('keys named like Object.prototype members, through the processor', () => {
  let dir: string
  let store: Store
  let processor: Processor
  let failure: ((error: Error) => void) | undefined

  /** Appends the events and waits for the processor; a step that throws fails the test instead of retrying. */
  const send = async (events: Partial<Event>[], atMs = NOW) => {
    await appendTestEvents(store, atMs, events)
    await new Promise<void>((resolve, reject) => {
      failure = reject
      processor.idle().then(resolve, reject)
    })
  }
  /** By userId: how contact ids are made from ids is identity's business, not this test's. */
  const contact = async (userId: string) => {
    const found = await store.findContact(userId)
    if (found === undefined) throw new Error(`no contact ${JSON.stringify(userId)}`)
    return found
  }
  const company = async (id: string) => {
    const found = await store.getCompany(id)
    if (found === undefined) throw new Error(`no company ${JSON.stringify(id)}`)
    return found
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upscore-prototype-keys-'))
    store = openSqliteStore({ path: join(dir, 'db'), durableFsync: false })
    processor = createProcessor({
      store,
      model,
      now: () => NOW,
      log: (line) => failure?.(new Error(line)),
    })
    await processor.start()
    // Users named like prototype members join one company, each in its own step so that state is stored and read
    // back in between; each then uses every feature, twice, in two more steps.
    for (const userId of NAMES) {
      await send([{ type: 'group', userId, groupId: 'acme', traits: { plan: 'pro' } }])
    }
    for (const round of [2, 1]) {
      await send(
        NAMES.flatMap((userId) => [
          { userId, event: 'Feature Used', properties: { feature: 'reports' }, timestampMs: NOW - round * DAY },
          ...NAMES.map((feature) => ({
            userId,
            event: 'Feature Used',
            properties: { feature },
            timestampMs: NOW - round * DAY,
          })),
        ]),
      )
    }
  })
  afterAll(async () => {
    await processor.stop()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('counts reports, constructor, __proto__, toString and hasOwnProperty as five distinct values', async () => {
    const userId = 'five-features'
    await send(
      ['reports', 'constructor', '__proto__', 'toString', 'hasOwnProperty'].map((feature) => ({
        userId,
        event: 'Feature Used',
        properties: { feature },
      })),
    )
    expect((await contact(userId)).values).toMatchObject({ features_used: 5, features_this_week: 5 })
  })

  it('counts every prototype name as a distinct value, and reads no inherited event property', async () => {
    for (const userId of NAMES) {
      expect((await contact(userId)).values, userId).toMatchObject({
        features_used: N + 1,
        features_this_week: N + 1,
        inherited_field: 0,
      })
    }
  })

  it('counts a user named __proto__ and every other prototype name in the company roll-ups', async () => {
    const acme = await company('acme')
    expect(acme.values).toMatchObject({
      members_count: N,
      features_total: N * (N + 1),
      active_users: N,
      account_features: N + 1,
      company_plan: 'pro',
    })
    const usage = (await contact('__proto__')).scores.usage?.value
    expect(acme.values.best_usage).toBe(usage)
    expect(acme.scores.account?.value).toBe(N + 5)
  })

  it('scores users named like prototype members as any other', async () => {
    for (const userId of NAMES) {
      const found = await contact(userId)
      // One point per feature, and the default plan points: the plan trait is the company's, not the contact's.
      expect(found.scores.usage?.value, userId).toBe(N + 1 + 1)
      expect(found.values.busy, userId).toBe(true)
      expect(found.companyId).toBe('acme')
    }
  })

  it('counts events named like prototype members, and matches no inherited name', async () => {
    const userId = 'odd-events'
    await send(
      NAMES.map((event) => ({ userId, event })),
      NOW - 2 * DAY,
    )
    await send([{ userId, event: 'Unrelated' }], NOW)
    expect((await contact(userId)).values).toMatchObject({
      odd_events: N,
      odd_events_this_week: N,
      odd_ever: true,
      first_odd: new Date(NOW - 2 * DAY).toISOString(),
      days_since_odd: 2,
    })
    expect((await contact(userId)).scores.usage?.value).toBe(2 * N + 1)
  })

  it('reads event properties named like prototype members only when the event has them', async () => {
    const userId = 'odd-props'
    const own = Object.fromEntries(NAMES.map((name) => [name, 1]))
    await send([
      { userId, event: 'Odd Props', properties: { ...own, valueOf: 4, constructor: 'own' } },
      { userId, event: 'Odd Props', properties: {} },
      { userId, event: 'Feature Used', properties: { feature: 'x', toString: 'own text' } },
    ])
    expect((await contact(userId)).values).toMatchObject({ value_of_total: 4, odd_where: 1, inherited_field: 1 })
  })

  it('takes traits named like prototype members, and prototype names as trait values', async () => {
    await send(
      NAMES.map((name) => ({
        type: 'identify',
        userId: `traits-${name}`,
        // A `__proto__` key as JSON.parse makes it: an own property (an object literal would set the prototype).
        traits: { plan: name, constructor: `built by ${name}`, audiences: [name], ...ownKey('__proto__', name) },
      })),
    )
    for (const name of NAMES) {
      const found = await contact(`traits-${name}`)
      expect(found.values, name).toMatchObject({
        plan: name,
        built_by: `built by ${name}`,
        proto_trait: name,
        insiders: name === '__proto__',
      })
      const planPoints = name === 'constructor' ? 7 : 1
      expect(found.scores.usage?.value, name).toBe(planPoints + (name === '__proto__' ? 100 : 0))
    }
    const bare = 'traits-none'
    await send([{ type: 'identify', userId: bare, traits: {} }])
    expect((await contact(bare)).values).toMatchObject({ plan: null, built_by: null, proto_trait: null })
  })

  it('folds anonymous visitors named like prototype members into their users', async () => {
    const before = await store.countEntities('contact')
    await send(
      NAMES.map((anonymousId) => ({ anonymousId, event: 'Feature Used', properties: { feature: anonymousId } })),
    )
    await send(
      NAMES.map((anonymousId) => ({ type: 'page', anonymousId, properties: { path: `/docs/${anonymousId}` } })),
    )
    expect(await store.countEntities('contact')).toBe(before + N)
    await send(NAMES.map((anonymousId) => ({ type: 'identify', anonymousId, userId: `known-${anonymousId}` })))
    // Each visitor became its user: no contact more.
    expect(await store.countEntities('contact')).toBe(before + N)
    for (const name of NAMES) {
      const found = await contact(`known-${name}`)
      expect(found.values.features_used, name).toBe(1)
      // A feature, a page hit on the docs, and the default plan points.
      expect(found.scores.usage?.value, name).toBe(1 + 3 + 1)
    }
  })

  it('keeps companies whose groupIds are prototype names apart, each with its member', async () => {
    await send(
      NAMES.map((groupId) => ({ type: 'group', userId: `member-of-${groupId}`, groupId, traits: { plan: groupId } })),
    )
    await send(
      NAMES.map((groupId) => ({
        userId: `member-of-${groupId}`,
        event: 'Feature Used',
        properties: { feature: groupId },
      })),
    )
    for (const groupId of NAMES) {
      const found = await company(groupId)
      expect(found.values, groupId).toMatchObject({
        members_count: 1,
        features_total: 1,
        active_users: 1,
        account_features: 1,
        company_plan: groupId,
      })
      expect(found.scores.account?.value, groupId).toBe(1 + (groupId === 'toString' ? 50 : 5))
    }
  })

  it('moves a member named __proto__ out of its company', async () => {
    await send([{ type: 'group', userId: '__proto__', groupId: 'elsewhere', traits: {} }])
    expect((await company('acme')).values).toMatchObject({ members_count: N - 1, active_users: N - 1 })
    expect((await company('elsewhere')).values).toMatchObject({ members_count: 1, active_users: 1 })
  })

  it('leaves Object.prototype as it was', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual([...NAMES].sort())
    expect({}.toString()).toBe('[object Object]')
    expect(Object.hasOwn({ a: 1 }, 'a')).toBe(true)
    expect(Object.keys(Object.prototype)).toEqual([])
  })
})
