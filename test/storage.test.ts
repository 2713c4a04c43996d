import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Event } from '../src/events/event.ts'
import { cutoffRank } from '../src/scoring/percentile-labels.ts'
import type { ContactRecord } from '../src/storage/records.ts'
import { eventLogPathOf } from '../src/storage/sqlite/event-log-db.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import { LOG_START, type ProcessingCommit, type Store } from '../src/storage/store.ts'

/** Every adapter of the `Store` port runs this one suite. */
const adapters: { name: string; open: (dir: string) => Store }[] = [
  { name: 'sqlite', open: (dir) => openSqliteStore({ path: join(dir, 'upscore.db'), durableFsync: false }) },
]

const event = (messageId: string, extra: Partial<Event> = {}): Event => ({
  type: 'track',
  messageId,
  userId: 'u-1',
  event: 'Signed In',
  properties: {},
  traits: {},
  timestampMs: 1_000,
  receivedAtMs: 1_000,
  ...extra,
})

/** An event of an anonymous visitor (no userId). */
const anonymousEvent = (messageId: string, anonymousId: string): Event => {
  const { userId: _userId, ...rest } = event(messageId)
  return { ...rest, anonymousId }
}

const emptyCommit = (): ProcessingCommit => ({
  contacts: [],
  companies: [],
  deletedContactIds: [],
  identities: [],
  history: [],
  outbox: [],
})

const contact = (id: string, extra: Partial<ContactRecord> = {}): ContactRecord => ({
  id,
  userId: id,
  email: undefined,
  companyId: undefined,
  state: { any: 'state' },
  values: {},
  scores: {},
  nextChangeAtMs: null,
  updatedAtMs: 1,
  ...extra,
})

for (const adapter of adapters) {
  describe(`store (${adapter.name})`, () => {
    let dir: string
    let store: Store
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'upscore-store-'))
      store = adapter.open(dir)
    })
    afterEach(async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    })

    it('stores events in order and reads them back after a position, up to another', async () => {
      await store.appendEvents([
        { source: 's', event: event('a', { receivedAtMs: 7 }) },
        { source: 's', event: event('b') },
        { source: 's', event: event('c') },
      ])
      const all = await store.readEvents(LOG_START, 10)
      expect(all.map((e) => e.event.messageId)).toEqual(['a', 'b', 'c'])
      const after = await store.readEvents(all[0]?.position ?? LOG_START, 10)
      expect(after.map((e) => e.event.messageId)).toEqual(['b', 'c'])
      const through = await store.readEvents(LOG_START, 10, all[1]?.position)
      expect(through.map((e) => e.event.messageId)).toEqual(['a', 'b'])
      expect(await store.logLag(LOG_START)).toEqual({ events: 3, oldestReceivedAtMs: 7 })
      expect(await store.logLag(all[2]?.position ?? LOG_START)).toEqual({ events: 0, oldestReceivedAtMs: null })
    })

    it('drops a repeated messageId of the same source', async () => {
      expect(await store.appendEvents([{ source: 's', event: event('a') }])).toEqual(['stored'])
      expect(await store.appendEvents([{ source: 's', event: event('a') }])).toEqual(['duplicate'])
      expect(await store.readEvents(LOG_START, 10)).toHaveLength(1)
    })

    it('keeps the same messageId from two sources apart', async () => {
      await store.appendEvents([{ source: 's1', event: event('a') }])
      expect(await store.appendEvents([{ source: 's2', event: event('a') }])).toEqual(['stored'])
    })

    it('answers concurrent appends each with its own outcomes', async () => {
      const [first, second] = await Promise.all([
        store.appendEvents([{ source: 's', event: event('a') }]),
        store.appendEvents([
          { source: 's', event: event('a') },
          { source: 's', event: event('b') },
        ]),
      ])
      expect(first).toEqual(['stored'])
      expect(second).toEqual(['duplicate', 'stored'])
    })

    it('recognises a repeated messageId after the store is closed and opened again', async () => {
      expect(await store.appendEvents([{ source: 's', event: event('a') }])).toEqual(['stored'])
      await store.close()
      store = adapter.open(dir)
      expect(await store.appendEvents([{ source: 's', event: event('a') }])).toEqual(['duplicate'])
      expect(await store.readEvents(LOG_START, 10)).toHaveLength(1)
    })

    it('deletes the applied events received before a time, oldest first, at most a batch at a time', async () => {
      // Received at 1, 3, 2, 5, 4 (two requests can be stored out of order); the processor has applied the first four.
      const times = [1, 3, 2, 5, 4]
      await store.appendEvents(times.map((t) => ({ source: 's', event: event(`m${t}`, { receivedAtMs: t }) })))
      const positions = (await store.readEvents(LOG_START, 10)).map((e) => e.position)
      const throughSeq = positions[3] ?? LOG_START
      expect(await store.deleteEventsReceivedBefore(4, throughSeq, 2)).toBe(2)
      expect((await store.readEvents(LOG_START, 10)).map((e) => e.event.messageId)).toEqual(['m3', 'm5', 'm4'])
      expect(await store.deleteEventsReceivedBefore(4, throughSeq, 2)).toBe(1)
      expect(await store.deleteEventsReceivedBefore(4, throughSeq, 2)).toBe(0)
      // m4 was received before 5 but the processor has not applied it yet; m5 is too recent.
      expect(await store.deleteEventsReceivedBefore(5, throughSeq, 10)).toBe(0)
      expect((await store.readEvents(LOG_START, 10)).map((e) => e.event.messageId)).toEqual(['m5', 'm4'])
      // A deleted event's messageId is no longer known: sent again, it is stored again.
      expect(await store.appendEvents([{ source: 's', event: event('m1', { receivedAtMs: 9 }) }])).toEqual(['stored'])
    })

    it('never gives a new event the seq of a deleted one, even the newest, across a reopen', async () => {
      await store.appendEvents([
        { source: 's', event: event('a') },
        { source: 's', event: event('b') },
      ])
      const newest = (await store.readEvents(LOG_START, 10)).at(-1)
      expect(await store.deleteEventsReceivedBefore(2_000, newest?.position ?? LOG_START, 10)).toBe(2)
      await store.close()
      store = adapter.open(dir)
      await store.appendEvents([{ source: 's', event: event('c') }])
      expect((await store.readEvents(LOG_START, 10))[0]?.seq).toBeGreaterThan(newest?.seq ?? 0)
      // And a reader that went on from the deleted newest one's position finds it.
      expect((await store.readEvents(newest?.position ?? LOG_START, 10)).map((e) => e.event.messageId)).toEqual(['c'])
    })

    it('finds the identity links that name a contact, looking at a page of links at a time', async () => {
      await store.commit({
        ...emptyCommit(),
        identities: [
          { kind: 'user', value: 'u-ada', contactId: 'u-ada' },
          { kind: 'anon', value: 'a-1', contactId: 'u-ada' },
          { kind: 'anon', value: 'a-2', contactId: 'u-bob' },
          { kind: 'anon', value: 'a:3', contactId: 'u-ada' },
        ],
      })
      const links: string[] = []
      let afterKey: string | null = ''
      let pages = 0
      while (afterKey !== null) {
        const page = await store.identityLinksNaming('u-ada', afterKey, 2)
        links.push(...page.links.map((l) => `${l.kind}:${l.value}>${l.contactId}`))
        afterKey = page.nextAfterKey
        pages++
      }
      expect(links.sort()).toEqual(['anon:a-1>u-ada', 'anon:a:3>u-ada', 'user:u-ada>u-ada'])
      expect(pages).toBe(3)
    })

    it('finds the events that name given ids: userId, anonymousId or an alias’ previousId, a page at a time', async () => {
      await store.appendEvents(
        [
          event('ada-1', { userId: 'u-ada' }),
          event('bob-1', { userId: 'u-bob' }),
          anonymousEvent('anon-1', 'a-1'),
          anonymousEvent('anon-2', 'u-ada'),
          event('alias', { type: 'alias', userId: 'u-carl', previousId: 'a-1' }),
          event('ada-2', { userId: 'u-ada', anonymousId: 'a-9' }),
        ].map((e) => ({ source: 's', event: e })),
      )
      const ids = [
        { kind: 'user' as const, value: 'u-ada' },
        { kind: 'anon' as const, value: 'a-1' },
      ]
      const found: number[] = []
      let afterSeq: number | null = 0
      while (afterSeq !== null) {
        const page = await store.eventSeqsNaming(ids, afterSeq, 4)
        found.push(...page.seqs)
        afterSeq = page.nextAfterSeq
      }
      const bySeq = new Map((await store.readEvents(LOG_START, 10)).map((e) => [e.seq, e.event.messageId]))
      expect(found.map((seq) => bySeq.get(seq))).toEqual(['ada-1', 'anon-1', 'alias', 'ada-2'])
    })

    it('forgets a contact with everything kept about it, and commits its company in the same transaction', async () => {
      const history = { score: 's', atMs: 1, from: null, to: 5, label: null, reasons: [], cause: 'event' as const }
      const change = { objectType: 'contacts' as const, idValue: 'ada@x.test', properties: { s: '5' }, changedAtMs: 1 }
      await store.appendEvents([
        { source: 's', event: event('ada-1', { userId: 'u-ada' }) },
        { source: 's', event: anonymousEvent('anon-1', 'a-1') },
        { source: 's', event: event('bob-1', { userId: 'u-bob' }) },
      ])
      const links = [
        { kind: 'user' as const, value: 'u-ada', contactId: 'u-ada' },
        { kind: 'anon' as const, value: 'a-1', contactId: 'u-ada' },
      ]
      await store.commit({
        ...emptyCommit(),
        contacts: [contact('u-ada', { email: 'ada@x.test', companyId: 'acme' }), contact('u-bob')],
        identities: [...links, { kind: 'user', value: 'u-bob', contactId: 'u-bob' }],
        history: [
          { ...history, entityKind: 'contact', entityId: 'u-ada' },
          { ...history, entityKind: 'contact', entityId: 'u-bob' },
        ],
        outbox: [
          { ...change, entityId: 'u-ada' },
          { ...change, entityId: 'u-bob', idValue: 'bob@x.test' },
        ],
      })
      for (const entry of await store.readOutbox('contacts', 10)) await store.deadLetter(entry, 'refused', 2)
      await store.commit({ ...emptyCommit(), outbox: [{ ...change, entityId: 'u-ada' }] })
      await store.saveCrmIds('contacts', [
        { entityId: 'u-ada', crmId: '101' },
        { entityId: 'u-bob', crmId: '102' },
      ])
      const scanned = await store.eventSeqsNaming(links, 0, 100)
      expect(scanned.nextAfterSeq).toBeNull()
      const scannedThroughSeq = scanned.throughSeq
      // Stored after the scan, before the transaction: found by the transaction itself.
      await store.appendEvents([{ source: 's', event: event('ada-late', { userId: 'u-ada' }) }])
      const companyStep = {
        ...emptyCommit(),
        companies: [
          { id: 'acme', name: 'Acme', state: {}, values: {}, scores: {}, nextChangeAtMs: null, updatedAtMs: 3 },
        ],
        history: [{ ...history, entityKind: 'company' as const, entityId: 'acme', cause: 'forget' as const }],
      }

      const counts = await store.forgetContact(
        { contactId: 'u-ada', links, eventSeqs: scanned.seqs, scannedThroughSeq },
        companyStep,
      )

      expect(counts).toEqual({
        contacts: 1,
        identities: 2,
        events: 3,
        scoreHistory: 1,
        outbox: 1,
        deadLetters: 1,
        crmIds: 1,
      })
      expect(await store.loadContacts(['u-ada', 'u-bob'])).toHaveLength(1)
      expect(await store.findContact('ada@x.test')).toBeUndefined()
      expect(await store.resolveIdentities(links)).toEqual([])
      expect((await store.readEvents(LOG_START, 10)).map((e) => e.event.messageId)).toEqual(['bob-1'])
      expect(await store.history('contact', 'u-ada')).toEqual([])
      expect(await store.history('contact', 'u-bob')).toHaveLength(1)
      expect(await store.readOutbox('contacts', 10)).toEqual([])
      expect((await store.allDeadLetters()).map((l) => l.entityId)).toEqual(['u-bob'])
      expect(await store.crmIds('contacts', ['u-ada', 'u-bob'])).toEqual(new Map([['u-bob', '102']]))
      expect((await store.getCompany('acme'))?.name).toBe('Acme')
      expect((await store.history('company', 'acme')).map((h) => h.cause)).toEqual(['forget'])
    })

    it('forgets nothing when the step committed with it fails', async () => {
      await store.commit({ ...emptyCommit(), contacts: [contact('u-ada')] })
      // A history row whose reasons cannot be written as JSON: the commit throws inside the transaction.
      const failing = {
        ...emptyCommit(),
        history: [
          {
            entityKind: 'company' as const,
            entityId: 'acme',
            score: 's',
            atMs: 1,
            from: null,
            to: 5,
            label: null,
            cause: 'forget' as const,
            reasons: [{ rule: 'r', points: 1n as unknown as number }],
          },
        ],
      }
      await expect(
        store.forgetContact({ contactId: 'u-ada', links: [], eventSeqs: [], scannedThroughSeq: 0 }, failing),
      ).rejects.toThrow()
      expect(await store.loadContacts(['u-ada'])).toHaveLength(1)
    })

    it('commits a write probe without changing events, cursor or settings', async () => {
      await store.appendEvents([{ source: 's', event: event('a') }])
      await store.writeSetting('k', 'v')
      await store.probeWrite()
      await store.probeWrite()
      expect((await store.readEvents(LOG_START, 10)).map((e) => e.event.messageId)).toEqual(['a'])
      expect(await store.readCursor()).toBe(LOG_START)
      expect(await store.readSetting('k')).toBe('v')
    })

    it('moves the cursor only with a commit', async () => {
      expect(await store.readCursor()).toBe(LOG_START)
      await store.appendEvents(['a', 'b', 'c'].map((id) => ({ source: 's', event: event(id) })))
      const [, second] = await store.readEvents(LOG_START, 10)
      await store.commit({ ...emptyCommit(), cursor: second?.position ?? LOG_START })
      expect(await store.readCursor()).toBe(second?.position)
      expect((await store.readEvents(await store.readCursor(), 10)).map((e) => e.event.messageId)).toEqual(['c'])
    })

    it('finds a contact by email whatever its case, and by userId', async () => {
      await store.commit({ ...emptyCommit(), contacts: [contact('u-ada', { email: 'Ada@Acme.test' })] })
      expect((await store.findContact('ada@acme.TEST'))?.id).toBe('u-ada')
      expect((await store.findContact('u-ada'))?.email).toBe('Ada@Acme.test')
      expect(await store.findContact('nobody@acme.test')).toBeUndefined()
    })

    it('round-trips state, values and scores', async () => {
      const ada = contact('u-ada', {
        values: { logins: 3, trial: true, plan: 'x', gone: null },
        scores: { s: { value: 5, label: 'cold', reasons: [{ rule: 'r', points: 5 }] } },
        nextChangeAtMs: 42,
      })
      await store.commit({ ...emptyCommit(), contacts: [ada] })
      expect(await store.loadContacts(['u-ada', 'missing'])).toEqual([ada])
    })

    it('resolves identities to contacts', async () => {
      await store.commit({ ...emptyCommit(), identities: [{ kind: 'anon', value: 'a-1', contactId: 'u-ada' }] })
      expect(
        await store.resolveIdentities([
          { kind: 'anon', value: 'a-1' },
          { kind: 'user', value: 'a-1' },
        ]),
      ).toEqual([{ kind: 'anon', value: 'a-1', contactId: 'u-ada' }])
    })

    it('lists the members of a company and deletes merged contacts', async () => {
      await store.commit({
        ...emptyCommit(),
        contacts: [contact('a', { companyId: 'acme' }), contact('b', { companyId: 'acme' }), contact('c')],
      })
      expect((await store.contactIdsOfCompany('acme')).sort()).toEqual(['a', 'b'])
      await store.commit({ ...emptyCommit(), deletedContactIds: ['b'] })
      expect(await store.contactIdsOfCompany('acme')).toEqual(['a'])
    })

    it('returns entities due by a time, earliest first, and the next due time', async () => {
      await store.commit({
        ...emptyCommit(),
        contacts: [
          contact('late', { nextChangeAtMs: 300 }),
          contact('early', { nextChangeAtMs: 100 }),
          contact('never'),
        ],
        companies: [
          { id: 'acme', name: 'Acme', state: {}, values: {}, scores: {}, nextChangeAtMs: 200, updatedAtMs: 1 },
        ],
      })
      expect(await store.nextDueAtMs()).toBe(100)
      expect(await store.dueEntities(250, 10)).toEqual([
        { kind: 'contact', id: 'early' },
        { kind: 'company', id: 'acme' },
      ])
    })

    it('keeps score history per entity in order', async () => {
      const row = { entityKind: 'contact' as const, entityId: 'a', score: 's', label: null, reasons: [] }
      await store.commit({
        ...emptyCommit(),
        history: [
          { ...row, atMs: 1, from: null, to: 5, cause: 'event' },
          { ...row, atMs: 2, from: 5, to: 0, cause: 'time' },
          { ...row, entityId: 'b', atMs: 3, from: null, to: 1, cause: 'event' },
        ],
      })
      const history = await store.history('contact', 'a')
      expect(history.map((h) => [h.from, h.to, h.cause])).toEqual([
        [null, 5, 'event'],
        [5, 0, 'time'],
      ])
    })

    it('keeps with each history entry what its step changed, and its delta', async () => {
      const step = {
        events: [{ messageId: 'm1', type: 'track' as const, event: 'Signed In', timestampMs: 1 }],
        eventsOmitted: 2,
        propertyChanges: [{ property: 'logins', from: null, to: 1 }],
        segments: [{ segment: 'active', entered: true }],
      }
      const entry = { atMs: 1, label: null, reasons: [], cause: 'event' as const }
      const row = { ...entry, entityKind: 'contact' as const, entityId: 'a', step }
      await store.commit({
        ...emptyCommit(),
        history: [
          { ...row, score: 's', from: 2.5, to: 7.75 },
          { ...row, score: 't', from: null, to: 3 },
        ],
      })
      expect(await store.history('contact', 'a')).toEqual([
        { ...entry, score: 's', from: 2.5, to: 7.75, delta: 5.25, ...step },
        { ...entry, score: 't', from: null, to: 3, delta: 3, ...step },
      ])
    })

    it('reads an entry recorded without step changes with empty ones', async () => {
      await store.commit({
        ...emptyCommit(),
        history: [
          {
            entityKind: 'contact',
            entityId: 'a',
            score: 's',
            atMs: 1,
            from: 5,
            to: 0,
            label: null,
            reasons: [],
            cause: 'time',
          },
        ],
      })
      expect((await store.history('contact', 'a'))[0]).toMatchObject({
        delta: -5,
        events: [],
        eventsOmitted: 0,
        propertyChanges: [],
        segments: [],
      })
    })

    it('prunes score history older than a time', async () => {
      const row = {
        entityKind: 'contact' as const,
        entityId: 'a',
        score: 's',
        label: null,
        reasons: [],
        cause: 'event' as const,
      }
      await store.commit({
        ...emptyCommit(),
        history: [
          { ...row, atMs: 1, from: null, to: 5 },
          { ...row, atMs: 10, from: 5, to: 6 },
        ],
      })
      expect(await store.pruneHistory(5)).toBe(1)
      expect((await store.history('contact', 'a')).map((h) => h.atMs)).toEqual([10])
    })

    it('coalesces outbox changes of one record into the latest values', async () => {
      const change = { objectType: 'contacts' as const, entityId: 'a', idValue: 'a@x.test', changedAtMs: 10 }
      await store.commit({ ...emptyCommit(), outbox: [{ ...change, properties: { score: '5', logins: '1' } }] })
      await store.commit({
        ...emptyCommit(),
        outbox: [{ ...change, properties: { score: '10' }, companyId: 'acme', changedAtMs: 20 }],
      })
      const [entry] = await store.readOutbox('contacts', 10)
      expect(entry?.properties).toEqual({ score: '10', logins: '1' })
      expect(entry?.companyId).toBe('acme')
      expect(entry?.firstChangedAtMs).toBe(10)
      expect(entry?.version).toBe(2)
      expect(await store.outboxSize()).toEqual({ contacts: 1, companies: 0, oldestChangedAtMs: 10 })
    })

    it('confirms an outbox entry only at the version that was sent', async () => {
      const change = { objectType: 'contacts' as const, entityId: 'a', idValue: 'a@x.test', changedAtMs: 10 }
      await store.commit({ ...emptyCommit(), outbox: [{ ...change, properties: { score: '5' } }] })
      const [sent] = await store.readOutbox('contacts', 10)
      await store.commit({ ...emptyCommit(), outbox: [{ ...change, properties: { score: '6' } }] })
      await store.confirmOutbox([{ objectType: 'contacts', entityId: 'a', version: sent?.version ?? 0 }])
      expect((await store.readOutbox('contacts', 10))[0]?.properties).toEqual({ score: '6' })
      await store.confirmOutbox([{ objectType: 'contacts', entityId: 'a', version: 2 }])
      expect(await store.readOutbox('contacts', 10)).toEqual([])
    })

    it('moves a refused record to the dead letters with the reason', async () => {
      const change = { objectType: 'contacts' as const, entityId: 'a', idValue: 'bad', changedAtMs: 10 }
      await store.commit({ ...emptyCommit(), outbox: [{ ...change, properties: { score: 'x' } }] })
      const [entry] = await store.readOutbox('contacts', 10)
      if (entry === undefined) throw new Error('no entry')
      await store.failOutbox([entry])
      expect((await store.readOutbox('contacts', 10))[0]?.attempts).toBe(1)
      await store.deadLetter(entry, 'INVALID_EMAIL', 99)
      expect(await store.readOutbox('contacts', 10)).toEqual([])
      expect(await store.deadLetters(10)).toEqual([
        {
          id: expect.any(Number),
          objectType: 'contacts',
          entityId: 'a',
          idValue: 'bad',
          properties: { score: 'x' },
          reason: 'INVALID_EMAIL',
          atMs: 99,
        },
      ])
      expect(await store.deadLetterCount()).toBe(1)
    })

    it('requeues dead letters with new values and forgets them, in one step', async () => {
      const change = { objectType: 'contacts' as const, idValue: 'x@y.test', changedAtMs: 10 }
      await store.commit({
        ...emptyCommit(),
        outbox: [
          { ...change, entityId: 'a', properties: { score: '1' } },
          { ...change, entityId: 'b', properties: { score: '1' } },
        ],
      })
      for (const entry of await store.readOutbox('contacts', 10)) await store.deadLetter(entry, 'refused', 20)
      const [first] = await store.allDeadLetters()
      expect(first?.entityId).toBe('a')
      await store.requeueDeadLetters(
        [first?.id ?? 0],
        [{ ...change, entityId: 'a', properties: { score: '7' }, companyId: 'acme' }],
      )
      expect((await store.readOutbox('contacts', 10)).map((e) => [e.entityId, e.properties, e.companyId])).toEqual([
        ['a', { score: '7' }, 'acme'],
      ])
      expect((await store.allDeadLetters()).map((l) => l.entityId)).toEqual(['b'])
    })

    it('keeps settings between runs', async () => {
      expect(await store.readSetting('model')).toBeUndefined()
      await store.writeSetting('model', 'v1')
      await store.writeSetting('model', 'v2')
      expect(await store.readSetting('model')).toBe('v2')
    })

    it('lists entity ids in pages', async () => {
      await store.commit({ ...emptyCommit(), contacts: [contact('c'), contact('a'), contact('b')] })
      expect(await store.listEntityIds('contact', '', 2)).toEqual(['a', 'b'])
      expect(await store.listEntityIds('contact', 'b', 2)).toEqual(['c'])
      expect(await store.listEntityIds('company', '', 2)).toEqual([])
      expect(await store.countEntities('contact')).toBe(3)
    })

    it('walks every contact page by page, each once', async () => {
      await store.commit({
        ...emptyCommit(),
        contacts: [contact('c', { companyId: 'beta' }), contact('a'), contact('z'), contact('m'), contact('b')],
      })
      const seen: string[] = []
      let cursor = ''
      for (;;) {
        const page = await store.scanContacts(cursor, 2)
        if (page.contacts.length === 0) break
        expect(page.contacts.length).toBeLessThanOrEqual(2)
        seen.push(...page.contacts.map((c) => c.id))
        cursor = page.cursor
      }
      expect(seen.sort()).toEqual(['a', 'b', 'c', 'm', 'z'])
      expect((await store.scanContacts(cursor, 2)).contacts).toEqual([])
    })

    it('remembers HubSpot ids', async () => {
      await store.saveCrmIds('contacts', [{ entityId: 'a', crmId: '101' }])
      await store.saveCrmIds('contacts', [{ entityId: 'a', crmId: '102' }])
      expect(await store.crmIds('contacts', ['a', 'b'])).toEqual(new Map([['a', '102']]))
    })

    it('gives a sample of the HubSpot ids it holds, the first by entity id', async () => {
      await store.saveCrmIds('contacts', [
        { entityId: 'c', crmId: '3' },
        { entityId: 'a', crmId: '1' },
        { entityId: 'b', crmId: '2' },
      ])
      await store.saveCrmIds('companies', [{ entityId: 'acme', crmId: '9' }])
      expect(await store.someCrmIds('contacts', 2)).toEqual([
        { entityId: 'a', crmId: '1' },
        { entityId: 'b', crmId: '2' },
      ])
    })

    it('forgets HubSpot ids, some or all of an object type', async () => {
      await store.saveCrmIds('contacts', [
        { entityId: 'a', crmId: '1' },
        { entityId: 'b', crmId: '2' },
      ])
      await store.saveCrmIds('companies', [{ entityId: 'acme', crmId: '9' }])
      await store.forgetCrmIds('contacts', ['a'])
      expect(await store.crmIds('contacts', ['a', 'b'])).toEqual(new Map([['b', '2']]))
      await store.forgetCrmIds('contacts')
      expect(await store.someCrmIds('contacts', 10)).toEqual([])
      expect(await store.someCrmIds('companies', 10)).toEqual([{ entityId: 'acme', crmId: '9' }])
    })

    it('gives the value at the rank of each top percentage of a score, among those that have it', async () => {
      // 20 contacts scored 1…20 (two share 15), one without the score, one with another score only.
      const values = [...Array.from({ length: 18 }, (_, i) => i + 1), 15, 20.5]
      await store.commit({
        ...emptyCommit(),
        contacts: [
          ...values.map((value, i) => contact(`c${i}`, { scores: { ltb: { value, label: null, reasons: [] } } })),
          contact('none'),
          contact('other', { scores: { fit: { value: 99, label: null, reasons: [] } } }),
        ],
      })
      // From the highest: 20.5, 18, 17, 16, 15, 15, 14, … Ranks: top 5 % of 20 → 1, 10 % → 2, 25 % → 5 and 30 % → 6
      // (the two 15s), 33 % → 7 (rounded up), 100 % → 20.
      expect(await store.scoreCutoffs('contact', 'ltb', [5, 10, 25, 30, 33, 100])).toEqual({
        subjects: 20,
        values: [20.5, 18, 15, 15, 14, 1],
      })
      expect(await store.scoreCutoffs('company', 'ltb', [10])).toEqual({ subjects: 0, values: [] })
      expect(await store.scoreCutoffs('contact', 'missing', [10])).toEqual({ subjects: 0, values: [] })
    })

    it('finds the same ranks as cutoffRank, exactly: the top 7 % of 100 is rank 7', async () => {
      const contacts = Array.from({ length: 100 }, (_, i) =>
        contact(`c${i}`, { scores: { ltb: { value: i + 1, label: null, reasons: [] } } }),
      )
      await store.commit({ ...emptyCommit(), contacts })
      const tops = [0.5, 7, 14, 28, 29, 57]
      expect(await store.scoreCutoffs('contact', 'ltb', tops)).toEqual({
        subjects: 100,
        values: tops.map((top) => 101 - cutoffRank(top, 100)),
      })
    })

    it('ranks over more rows than one read takes (the values are collected in pages)', async () => {
      // 45,000 contacts: values 0…44,999 in a shuffled order, every 7th without the score.
      const n = 45_000
      const contacts = Array.from({ length: n }, (_, i) => {
        const value = (i * 7_919) % n
        return i % 7 === 0
          ? contact(`c${i}`)
          : contact(`c${i}`, { scores: { ltb: { value, label: null, reasons: [] } } })
      })
      await store.commit({ ...emptyCommit(), contacts })
      const present = contacts.flatMap((c) => (c.scores.ltb === undefined ? [] : [c.scores.ltb.value]))
      const descending = [...present].sort((a, b) => b - a)
      const tops = [1, 10, 50, 100]
      expect(await store.scoreCutoffs('contact', 'ltb', tops)).toEqual({
        subjects: present.length,
        values: tops.map((top) => descending[cutoffRank(top, present.length) - 1]),
      })
    })

    it('reads the value and label of a score in pages, in id order, skipping those without it', async () => {
      const scored = (value: number, label: string | null) => ({ scores: { ltb: { value, label, reasons: [] } } })
      await store.commit({
        ...emptyCommit(),
        contacts: [contact('b', scored(2, 'low')), contact('a', scored(7.25, 'high')), contact('c'), contact('d')],
        companies: [
          {
            id: 'acme',
            name: undefined,
            state: {},
            values: {},
            ...scored(3, null),
            nextChangeAtMs: null,
            updatedAtMs: 1,
          },
        ],
      })
      const first = await store.scoreLabels('contact', 'ltb', '', 2)
      expect(first).toEqual({
        entries: [
          { id: 'a', value: 7.25, label: 'high' },
          { id: 'b', value: 2, label: 'low' },
        ],
        nextAfterId: 'b',
      })
      expect(await store.scoreLabels('contact', 'ltb', 'b', 2)).toEqual({ entries: [], nextAfterId: 'd' })
      expect(await store.scoreLabels('contact', 'ltb', 'd', 2)).toEqual({ entries: [], nextAfterId: null })
      expect(await store.scoreLabels('company', 'ltb', '', 10)).toEqual({
        entries: [{ id: 'acme', value: 3, label: null }],
        nextAfterId: null,
      })
    })
  })
}

describe('store (sqlite) schema upgrade', () => {
  it('moves the events of a one-file store into the event log file: seqs, dedupe and receive times kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'upscore-store-upgrade-'))
    const path = join(dir, 'upscore.db')
    await openSqliteStore({ path, durableFsync: false }).close()
    rmSync(eventLogPathOf(path))
    // The store as releases before the event log's own file left it: at migration 3, its events in the state file.
    const old = new BetterSqlite3(path)
    old.exec(`
      CREATE TABLE events (seq INTEGER PRIMARY KEY, source TEXT NOT NULL, message_id TEXT NOT NULL,
        body TEXT NOT NULL, UNIQUE (source, message_id));`)
    old.pragma('user_version = 3')
    const insert = old.prepare('INSERT INTO events (seq, source, message_id, body) VALUES (?, ?, ?, ?)')
    insert.run(1, 's', 'm1', JSON.stringify(event('m1', { receivedAtMs: 1_000 })))
    insert.run(2, 's', 'm2', JSON.stringify(event('m2', { receivedAtMs: 2_000 })))
    insert.run(5, 's', 'm5', JSON.stringify(event('m5', { receivedAtMs: 5_000 })))
    old.close()

    const store = openSqliteStore({ path, durableFsync: false })
    expect((await store.readEvents(LOG_START, 10)).map((e) => [e.seq, e.event.messageId])).toEqual([
      [1, 'm1'],
      [2, 'm2'],
      [5, 'm5'],
    ])
    expect(await store.appendEvents([{ source: 's', event: event('m2') }])).toEqual(['duplicate'])
    expect(await store.deleteEventsReceivedBefore(3_000, '10', 100)).toBe(2)
    expect(await store.deleteEventsReceivedBefore(9_000, '10', 100)).toBe(1)
    await store.appendEvents([{ source: 's', event: event('next') }])
    expect((await store.readEvents(LOG_START, 10))[0]?.seq).toBeGreaterThan(5)
    await store.close()
    const state = new BetterSqlite3(path)
    expect(state.prepare("SELECT name FROM sqlite_schema WHERE name = 'events'").all()).toEqual([])
    state.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('reads back history rows written before steps were kept, with empty ones and their delta', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'upscore-store-upgrade-'))
    const path = join(dir, 'upscore.db')
    await openSqliteStore({ path, durableFsync: false }).close()
    // The database as the release before the `step` column left it, with a row written then.
    const db = new BetterSqlite3(path)
    db.exec('ALTER TABLE score_history DROP COLUMN step')
    db.pragma('user_version = 2')
    db.prepare(`
      INSERT INTO score_history (entity_kind, entity_id, score, at, from_value, to_value, label, cause, reasons)
      VALUES ('contact', 'a', 's', 1, 20, 35, 'cold', 'event', '[]')`).run()
    db.close()
    const store = openSqliteStore({ path, durableFsync: false })
    expect(await store.history('contact', 'a')).toEqual([
      {
        atMs: 1,
        score: 's',
        from: 20,
        to: 35,
        delta: 15,
        label: 'cold',
        cause: 'event',
        reasons: [],
        events: [],
        eventsOmitted: 0,
        propertyChanges: [],
        segments: [],
      },
    ])
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
})
