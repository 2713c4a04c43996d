import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Event } from '../src/events/event.ts'
import { loadModel } from '../src/load-model.ts'
import { forgetContact } from '../src/pipeline/forget-contact.ts'
import { createProcessor, type Processor } from '../src/pipeline/processor.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import type { Store } from '../src/storage/store.ts'
import { LOG_START } from '../src/storage/store.ts'
import { appendTestEvents } from './append-test-events.ts'

const model = loadModel(undefined)

describe('forgetting a contact, through the processor and the store', () => {
  let dir: string
  let store: Store
  let processor: Processor
  let nowMs: number

  const send = async (...events: Partial<Event>[]) => {
    await appendTestEvents(store, nowMs, events)
    await processor.idle()
  }
  /** As a running service does it: processing paused at a step boundary, then resumed. */
  const forget = async (key: string, options: { pageSize?: number } = {}) => {
    await processor.stop()
    const contact = await store.findContact(key)
    if (contact === undefined) throw new Error(`no contact ${key}`)
    const forgotten = await forgetContact(store, model, contact, nowMs, options)
    processor = createProcessor({ store, model, now: () => nowMs })
    await processor.start()
    return forgotten
  }
  const messageIds = async () => (await store.readEvents(LOG_START, 1000)).map((e) => e.event)

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upscore-forget-'))
    store = openSqliteStore({ path: join(dir, 'db'), durableFsync: false })
    nowMs = Date.parse('2026-11-26T12:00:00Z')
    processor = createProcessor({ store, model, now: () => nowMs })
    await processor.start()
    // Ada: first anonymous (a-1), then identified; Bob, her colleague at Acme. Both signed in: 2 active users.
    await send(
      { anonymousId: 'a-1', event: 'Widget Created' },
      { type: 'identify', userId: 'u-ada', anonymousId: 'a-1', traits: { email: 'ada@acme.test' } },
      { type: 'group', userId: 'u-ada', groupId: 'acme', traits: { plan: 'trial' } },
      { type: 'group', userId: 'u-bob', groupId: 'acme', traits: { plan: 'trial' } },
      { type: 'identify', userId: 'u-bob', traits: { email: 'bob@acme.test' } },
      { userId: 'u-ada', event: 'Signed In' },
      { userId: 'u-bob', event: 'Signed In' },
    )
  })
  afterEach(async () => {
    await processor.stop()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('removes the contact, every id that named it and every event of those ids', async () => {
    const forgotten = await forget('ada@acme.test')
    expect(forgotten).toMatchObject({ contactId: 'u-ada', companyId: 'acme' })
    expect(forgotten.counts).toMatchObject({ contacts: 1, identities: 2, events: 4 })
    expect(await store.findContact('ada@acme.test')).toBeUndefined()
    expect(await store.findContact('u-ada')).toBeUndefined()
    expect(
      await store.resolveIdentities([
        { kind: 'user', value: 'u-ada' },
        { kind: 'anon', value: 'a-1' },
      ]),
    ).toEqual([])
    const left = await messageIds()
    expect(left.some((e) => e.userId === 'u-ada' || e.anonymousId === 'a-1')).toBe(false)
    expect(left.filter((e) => e.userId === 'u-bob')).toHaveLength(3)
  })

  it('finds its ids and events when it reads the links and the log a page at a time', async () => {
    const forgotten = await forget('ada@acme.test', { pageSize: 2 })
    expect(forgotten.counts).toMatchObject({ contacts: 1, identities: 2, events: 4 })
    expect((await messageIds()).map((e) => e.userId)).toEqual(['u-bob', 'u-bob', 'u-bob'])
  })

  it('removes its score history and its pending CRM change, and keeps its colleague’s', async () => {
    expect(await store.history('contact', 'u-ada')).not.toEqual([])
    await forget('ada@acme.test')
    expect(await store.history('contact', 'u-ada')).toEqual([])
    expect(await store.history('contact', 'u-bob')).not.toEqual([])
    expect((await store.readOutbox('contacts', 10)).map((e) => e.entityId)).toEqual(['u-bob'])
  })

  it('re-scores its company without it, cause "forget", with the new values on their way to HubSpot', async () => {
    expect((await store.getCompany('acme'))?.values.active_users_count).toBe(2)
    const bobBefore = (await store.findContact('u-bob'))?.scores.lead_score_product_usage?.value ?? 0
    await forget('ada@acme.test')
    expect((await store.getCompany('acme'))?.values.active_users_count).toBe(1)
    expect((await store.getCompany('acme'))?.state).not.toHaveProperty(['members', 'u-ada'])
    // Bob's score reads his company's active users: 5 points each.
    expect((await store.findContact('u-bob'))?.scores.lead_score_product_usage?.value).toBe(bobBefore - 5)
    expect((await store.history('contact', 'u-bob')).at(-1)).toMatchObject({ cause: 'forget', delta: -5 })
    expect((await store.readOutbox('companies', 10))[0]?.properties).toMatchObject({ active_users_count: '1' })
  })

  it('starts a new contact from events of that person that arrive afterwards', async () => {
    await forget('ada@acme.test')
    await send({ userId: 'u-ada', event: 'Signed In' })
    const again = await store.findContact('u-ada')
    expect(again).toMatchObject({ email: undefined, companyId: undefined })
    expect(again?.values).toMatchObject({ logins_last_7_days: 1, widgets_created: 0 })
    expect((await store.getCompany('acme'))?.values.active_users_count).toBe(1)
  })
})
