import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Event } from '../src/events/event.ts'
import { checkModelText, loadModel } from '../src/load-model.ts'
import { createProcessor, type Processor } from '../src/pipeline/processor.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import type { Store } from '../src/storage/store.ts'
import { appendTestEvents } from './append-test-events.ts'

const DAY = 86_400_000
const HOUR = 3_600_000
const model = loadModel(undefined)

describe('processor', () => {
  let dir: string
  let store: Store
  let processor: Processor
  let nowMs: number

  const send = async (...events: Partial<Event>[]) => {
    await appendTestEvents(store, nowMs, events)
    await processor.idle()
  }
  const score = async (key: string) => (await store.findContact(key))?.scores.lead_score_product_usage?.value

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upscore-processor-'))
    store = openSqliteStore({ path: join(dir, 'db'), durableFsync: false })
    nowMs = Date.parse('2026-11-26T12:00:00Z')
    processor = createProcessor({ store, model, now: () => nowMs })
    await processor.start()
  })
  afterEach(async () => {
    await processor.stop()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('scores a contact from its events and finds it by email', async () => {
    await send(
      { type: 'identify', userId: 'u1', traits: { email: 'one@x.test' } },
      { userId: 'u1', event: 'Onboarding Completed' },
    )
    expect(await score('one@x.test')).toBe(20)
  })

  it('stops at once when asked right after it became idle (it would otherwise sleep up to a minute)', async () => {
    await appendTestEvents(store, nowMs, [{ userId: 'u1', event: 'Onboarding Completed' }])
    const stopped = processor.idle().then(() => processor.stop())
    const startedAt = Date.now()
    await stopped
    expect(Date.now() - startedAt).toBeLessThan(5_000)
  }, 10_000)

  it('folds an anonymous visitor’s events into the user once identified', async () => {
    await send({ anonymousId: 'a1', event: 'Onboarding Completed' })
    expect((await store.findContact('u1'))?.id).toBeUndefined()
    await send({ type: 'identify', userId: 'u1', anonymousId: 'a1', traits: { email: 'one@x.test' } })
    expect(await score('u1')).toBe(20)
    await send({ anonymousId: 'a1', event: 'Integration Connected' })
    expect(await score('u1')).toBe(35)
    expect(await store.loadContacts(['anon:a1'])).toEqual([])
  })

  it('keeps a userId that looks like an anonymous contact id apart from that anonymous visitor', async () => {
    await send({ anonymousId: 'abc', event: 'Onboarding Completed' })
    await send(
      { type: 'identify', userId: 'anon:abc', traits: { email: 'anon@x.test' } },
      { userId: 'anon:abc', event: 'Integration Connected' },
    )
    expect(await score('anon@x.test')).toBe(15)
    expect((await store.findContact('anon:abc'))?.userId).toBe('anon:abc')
    expect((await store.loadContacts(['anon:abc']))[0]?.scores.lead_score_product_usage?.value).toBe(20)
  })

  it('moves a user to the company of its latest group call, and counts active users there', async () => {
    await send(
      { type: 'group', userId: 'u1', groupId: 'acme', traits: { plan: 'trial' } },
      { type: 'group', userId: 'u2', groupId: 'acme', traits: { plan: 'trial' } },
      { userId: 'u1', event: 'Signed In' },
      { userId: 'u2', event: 'Signed In' },
    )
    expect((await store.getCompany('acme'))?.values.active_users_count).toBe(2)
    await send({ type: 'group', userId: 'u2', groupId: 'solo', traits: { plan: 'paying' } })
    expect((await store.getCompany('acme'))?.values.active_users_count).toBe(1)
    expect((await store.getCompany('solo'))?.values.active_users_count).toBe(1)
    // u1: one login +5, one active user +5, trial +10
    expect(await score('u1')).toBe(20)
  })

  it('re-scores every member when the company changes', async () => {
    await send(
      { type: 'group', userId: 'u1', groupId: 'acme', traits: { plan: 'trial' } },
      { type: 'group', userId: 'u2', groupId: 'acme', traits: { plan: 'trial' } },
    )
    expect(await score('u1')).toBe(10)
    await send({ type: 'group', userId: 'u2', groupId: 'acme', traits: { plan: 'paying' } })
    expect(await score('u1')).toBe(20)
  })

  it('changes a score when time alone crosses a threshold, recorded with cause "time"', async () => {
    await send({ userId: 'u1', event: 'Signed In', timestampMs: nowMs - 4 * DAY + HOUR })
    expect(await score('u1')).toBe(5)
    nowMs += HOUR
    await processor.idle()
    expect(await score('u1')).toBe(0)
    const history = await store.history('contact', 'u1')
    expect(history.map((h) => [h.from, h.to, h.cause])).toEqual([
      [null, 5, 'event'],
      [5, 0, 'time'],
    ])
  })

  it('records in history the event that changed a score, the property it moved and the delta', async () => {
    await send({ userId: 'u1', event: 'Widget Created' })
    await send({ userId: 'u1', event: 'Widget Created', messageId: 'widget-2' })
    expect((await store.history('contact', 'u1')).at(-1)).toMatchObject({
      from: 1,
      to: 2,
      delta: 1,
      cause: 'event',
      events: [{ messageId: 'widget-2', type: 'track', event: 'Widget Created', timestampMs: nowMs }],
      eventsOmitted: 0,
      propertyChanges: [{ property: 'widgets_created', from: 1, to: 2 }],
      segments: [],
    })
  })

  it('records a change by time with no events, and the property time moved', async () => {
    await send({ userId: 'u1', event: 'Signed In', timestampMs: nowMs - 4 * DAY + HOUR })
    nowMs += HOUR
    await processor.idle()
    expect((await store.history('contact', 'u1')).at(-1)).toMatchObject({
      from: 5,
      to: 0,
      delta: -5,
      cause: 'time',
      events: [],
      propertyChanges: [{ property: 'days_since_last_login', from: 3, to: 4 }],
    })
  })

  it('names the events of an anonymous visitor folded into the user in the same step', async () => {
    await send(
      { anonymousId: 'a1', event: 'Onboarding Completed', messageId: 'anon-onboarding' },
      { type: 'identify', userId: 'u1', anonymousId: 'a1', traits: { email: 'one@x.test' }, messageId: 'identify' },
    )
    const [entry] = await store.history('contact', 'u1')
    expect(entry?.events.map((e) => e.messageId)).toEqual(['anon-onboarding', 'identify'])
  })

  it('names the company property a colleague’s group call changed, which a member’s score reads', async () => {
    await send(
      { type: 'group', userId: 'u1', groupId: 'acme', traits: { plan: 'trial' } },
      { type: 'group', userId: 'u2', groupId: 'acme', traits: { plan: 'trial' } },
    )
    await send({ type: 'group', userId: 'u2', groupId: 'acme', traits: { plan: 'paying' }, messageId: 'paying' })
    expect((await store.history('contact', 'u1')).at(-1)).toMatchObject({
      from: 10,
      to: 20,
      events: [],
      propertyChanges: [{ property: 'company.plan_type', from: 'trial', to: 'paying' }],
    })
  })

  it('compares a contact that joined another company with the company it left', async () => {
    await send(
      { type: 'group', userId: 'u1', groupId: 'acme', traits: { plan: 'paying' } },
      { type: 'group', userId: 'u2', groupId: 'globex', traits: { plan: 'trial' } },
    )
    await send({ type: 'group', userId: 'u1', groupId: 'globex', traits: {} })
    expect((await store.history('contact', 'u1')).at(-1)?.propertyChanges).toEqual(
      expect.arrayContaining([{ property: 'company.plan_type', from: 'paying', to: 'trial' }]),
    )
  })

  it('lowers the company’s active users when a member’s last event leaves the 30-day window', async () => {
    await send(
      { type: 'group', userId: 'u1', groupId: 'acme', traits: {} },
      { userId: 'u1', event: 'Widget Created', timestampMs: nowMs - 30 * DAY + HOUR },
    )
    expect(await score('u1')).toBe(1 + 5)
    nowMs += HOUR
    await processor.idle()
    expect((await store.getCompany('acme'))?.values.active_users_count).toBe(0)
    expect(await score('u1')).toBe(1)
  })

  it('writes to the CRM outbox only what changed, once the contact has an email', async () => {
    await send({ userId: 'u1', event: 'Widget Created' })
    expect(await store.readOutbox('contacts', 10)).toEqual([])
    await send({ type: 'identify', userId: 'u1', traits: { email: 'one@x.test' } })
    const [first] = await store.readOutbox('contacts', 10)
    expect(first?.properties).toMatchObject({
      widgets_created: '1',
      lead_score_product_usage: '1',
      has_completed_onboarding: 'false',
    })
    await store.confirmOutbox(first ? [first] : [])
    await send({ userId: 'u1', event: 'Widget Created' })
    expect((await store.readOutbox('contacts', 10))[0]?.properties).toEqual({
      widgets_created: '2',
      lead_score_product_usage: '2',
      lead_score_product_usage_reasons: 'Widgets created +2',
    })
  })

  it('asks the CRM to associate a contact with its company', async () => {
    await send(
      { type: 'identify', userId: 'u1', traits: { email: 'one@x.test' } },
      { type: 'group', userId: 'u1', groupId: 'acme', traits: { name: 'Acme' } },
    )
    expect((await store.readOutbox('contacts', 10))[0]?.companyId).toBe('acme')
    expect((await store.readOutbox('companies', 10))[0]?.properties).toMatchObject({
      name: 'Acme',
      active_users_count: '0',
    })
  })

  it('resumes after a restart from its cursor without counting an event twice', async () => {
    await send({ userId: 'u1', event: 'Widget Created' })
    await processor.stop()
    processor = createProcessor({ store, model, now: () => nowMs })
    await processor.start()
    await send({ userId: 'u1', event: 'Widget Created' })
    expect((await store.findContact('u1'))?.values.widgets_created).toBe(2)
  })
})

describe('processor with company roll-ups', () => {
  const rollupModel = (() => {
    const text = `
properties:
  contact:
    widgets_created: { type: count, event: Widget Created }
  company:
    widgets_total: { type: rollup, of: widgets_created, fn: sum }
    power_users: { type: rollup, fn: count, where: widgets_created >= 2 }
    best_score: { type: rollup, of: usage, fn: max }
    average_score: { type: rollup, of: usage, fn: avg }
scores:
  usage:
    subject: contact
    rules:
      widgets: { points: 10, of: widgets_created }
      big_team: { when: company.widgets_total >= 3, points: 1 }
  account:
    subject: company
    rules:
      best: { points: 1, of: best_score }
`
    const checked = checkModelText(text, 'rollups.yaml')
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
    return checked.model
  })()

  it('rolls contact properties and scores up to the company, and back into the contacts’ scores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'upscore-rollup-'))
    const store = openSqliteStore({ path: join(dir, 'db'), durableFsync: false })
    const processor = createProcessor({ store, model: rollupModel, now: () => Date.parse('2026-11-26T12:00:00Z') })
    await processor.start()
    const events = [
      { type: 'group', userId: 'a', groupId: 'acme', traits: {} },
      { type: 'group', userId: 'b', groupId: 'acme', traits: {} },
      { userId: 'a', event: 'Widget Created' },
      { userId: 'a', event: 'Widget Created' },
      { userId: 'b', event: 'Widget Created' },
    ] as Partial<Event>[]
    await appendTestEvents(store, 0, events)
    await processor.idle()
    const acme = await store.getCompany('acme')
    expect(acme?.values).toMatchObject({ widgets_total: 3, power_users: 1, best_score: 21, average_score: 16 })
    expect(acme?.scores.account?.value).toBe(21)
    expect((await store.findContact('b'))?.scores.usage?.value).toBe(11)
    await processor.stop()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('records in history the segment a contact entered', async () => {
    const checked = checkModelText(
      `
properties:
  contact:
    widgets_created: { type: count, event: Widget Created }
segments:
  builders: { subject: contact, when: widgets_created >= 2 }
scores:
  usage:
    subject: contact
    rules:
      widgets: { points: 1, of: widgets_created }
      builder: { segments: { all: [builders] }, points: 10 }
`,
      'segments.yaml',
    )
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
    const dir = mkdtempSync(join(tmpdir(), 'upscore-segment-history-'))
    const store = openSqliteStore({ path: join(dir, 'db'), durableFsync: false })
    const processor = createProcessor({ store, model: checked.model, now: () => Date.parse('2026-11-26T12:00:00Z') })
    await processor.start()
    for (const messageId of ['w1', 'w2']) {
      await appendTestEvents(store, 0, [{ userId: 'a', event: 'Widget Created', messageId }])
      await processor.idle()
    }
    const history = await store.history('contact', 'a')
    expect(history.map((h) => [h.from, h.to, h.segments])).toEqual([
      [null, 1, []],
      [1, 12, [{ segment: 'builders', entered: true }]],
    ])
    await processor.stop()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses a roll-up of contact scores that a contact score reads', () => {
    const text = `
properties:
  contact: {}
  company:
    best: { type: rollup, of: usage, fn: max }
scores:
  usage:
    subject: contact
    rules:
      loop: { points: 1, of: company.best }
`
    const checked = checkModelText(text, 'cycle.yaml')
    expect(checked.ok).toBe(false)
    expect(checked.ok ? [] : checked.problems.map((p) => p.message)).toContainEqual(expect.stringContaining('cycle'))
  })
})
