import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Event, EventType } from '../src/events/event.ts'
import { earliestEventTimeMs } from '../src/events/event-time.ts'
import { maxMessageDepth } from '../src/events/message-size.ts'
import { parseSegmentMessage } from '../src/events/segment-message.ts'
import { createHttpServer } from '../src/http/server.ts'
import { loadModel } from '../src/load-model.ts'
import { createProcessor } from '../src/pipeline/processor.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import type { Store } from '../src/storage/store.ts'
import { fuzzRuns, fuzzTimeoutMs } from './fuzz-runs.ts'
import { awkwardKey, awkwardNumber, prototypeNames } from './segment-arbitraries.ts'

const model = loadModel(undefined)
const DAY = 86_400_000
const startMs = Date.parse('2026-11-26T12:00:00Z')
const adminToken = 'admin'

/** The default model's events, and every name a plain object inherits, as event names. */
const eventNames = [
  'Signed In',
  'API Call',
  'Onboarding Completed',
  'Report Generated',
  'Invite Sent',
  'Widget Created',
]
const eventName = fc.oneof(fc.constantFrom(...eventNames), fc.constantFrom(...prototypeNames))
/** Few ids, so that events meet on the same contacts and companies; half of them inherited names. */
const id = fc.constantFrom(
  'u1',
  'u2',
  'acme',
  ...prototypeNames.slice(0, 6),
  '__proto__',
  'anon:x',
  'user:y',
  '\ud800',
  'x\udc00',
)

/** Values where the model expects numbers, strings or booleans: the edges of each, and the wrong type. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  awkwardNumber.map((n) => (Number.isFinite(n) ? n : null)),
  fc.constantFrom('1e308', '-0', '500', 'trial', 'paying', '', 'NaN', ...prototypeNames),
  fc.boolean(),
  fc.constant(null),
  fc.constant({}),
  fc.constant([1, 2]),
)

function nested(levels: number, leaf: unknown): unknown {
  let value = leaf
  for (let level = 0; level < levels; level++) value = { [`level${level}`]: value }
  return value
}

/** Properties or traits: a few odd ones, 10,000 of them, or nested as deep as a message may. */
const fields = fc.oneof(
  {
    arbitrary: fc.dictionary(fc.oneof(awkwardKey, fc.constantFrom('plan', 'email', 'name', 'status')), oddValue, {
      maxKeys: 6,
      noNullPrototype: true,
    }),
    weight: 8,
  },
  {
    arbitrary: fc
      .constant(10_000)
      .map((count) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, i]))),
    weight: 1,
  },
  { arbitrary: oddValue.map((leaf) => ({ deep: nested(maxMessageDepth - 3, leaf) })), weight: 2 },
)

/** A valid Segment message of any type with odd names, keys and values, at any time the policy takes. */
const oddMessage = fc.record({
  type: fc.constantFrom<EventType>('track', 'track', 'track', 'identify', 'group', 'page', 'alias'),
  userId: id,
  anonymousId: fc.option(id, { nil: undefined }),
  event: eventName,
  groupId: id,
  previousId: id,
  properties: fields,
  traits: fields,
  ageMs: fc.oneof(fc.constantFrom(0, startMs - earliestEventTimeMs), fc.integer({ min: 0, max: 40 * DAY })),
})

type OddMessage = typeof oddMessage extends fc.Arbitrary<infer T> ? T : never

/**
 * Parses the message as ingest does (ids, type, times), without the 32 KB limit so that 10,000 properties get
 * through: the processor must cope with whatever the log holds.
 */
function toEvent({ ageMs, ...message }: OddMessage, index: number): Event {
  const result = parseSegmentMessage(
    { ...message, messageId: `m${index}`, timestamp: new Date(startMs - ageMs).toISOString() },
    { receivedAtMs: startMs, newMessageId: () => `generated-${index}` },
  )
  if (!result.ok) throw new Error(`the fuzz made an invalid message: ${result.rejection.message}`)
  return result.event
}

interface Outcome {
  store: Store
  /** How long after the events the clock is now. */
  afterMs: number
  /** GET on the read API: status and JSON. */
  read: (path: string) => Promise<{ status: number; json: Record<string, unknown> }>
}

/**
 * Runs the real processor with the default model over `events` on a fresh SQLite store, and `check`s the result
 * then, and again after the clock moved on by each of `laterMs` (windows slide, days since grow).
 */
async function processEvents(
  events: readonly Event[],
  check: (outcome: Outcome) => Promise<void>,
  laterMs: readonly number[] = [],
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'upscore-processor-fuzz-'))
  const store = openSqliteStore({ path: join(dir, 'db'), durableFsync: false })
  const failures: string[] = []
  let nowMs = startMs
  const processor = createProcessor({ store, model, now: () => nowMs, log: (line) => failures.push(line) })
  const app = createHttpServer({ store, writeKeys: ['k'], adminToken, now: () => nowMs, newMessageId: () => 'x' })
  const read = async (path: string) => {
    const response = await app.inject({ url: path, headers: { authorization: `Bearer ${adminToken}` } })
    return { status: response.statusCode, json: response.json() as Record<string, unknown> }
  }
  try {
    await store.appendEvents(events.map((event) => ({ source: 'fuzz', event })))
    await processor.start()
    for (const afterMs of [0, ...laterMs]) {
      nowMs = startMs + afterMs
      await idleOrFailed(processor.idle(), failures)
      expect(failures).toEqual([])
      await check({ store, read, afterMs })
    }
  } finally {
    await processor.stop()
    await app.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Longer than any run of these tests takes to drain its events: past it the processor is taken to be stuck. */
const stuckAfterMs = 15_000

/**
 * Waits until the processor is idle. A step that fails is retried every second and `idle()` waits for it, as it
 * does for a processor that keeps finding work: a failure shows as a log line, a spin as no idle in `stuckAfterMs`.
 */
async function idleOrFailed(idle: Promise<void>, failures: string[]): Promise<void> {
  let poll: NodeJS.Timeout | undefined
  const startedAt = performance.now()
  const failed = new Promise<void>((resolve) => {
    poll = setInterval(() => {
      if (performance.now() - startedAt > stuckAfterMs) failures.push(`not idle after ${stuckAfterMs} ms`)
      if (failures.length > 0) resolve()
    }, 10)
  })
  await Promise.race([idle, failed]).finally(() => clearInterval(poll))
}

/** Every value a property can have: a finite number, a boolean, a string or null. */
const isPropertyValue = (value: unknown) =>
  value === null || typeof value === 'boolean' || typeof value === 'string' || Number.isFinite(value)

function expectSoundScores(
  subject: string,
  record: { values: Record<string, unknown>; scores: Record<string, { value: number; reasons: unknown[] }> },
) {
  for (const [name, value] of Object.entries(record.values)) {
    expect(isPropertyValue(value), `${subject} ${name} = ${String(value)}`).toBe(true)
  }
  for (const [name, score] of Object.entries(record.scores)) {
    expect(Number.isFinite(score.value), `${subject} ${name} = ${score.value}`).toBe(true)
    const points = score.reasons.map((reason) => (reason as { points: number }).points)
    expect(points.every(Number.isFinite), `${subject} ${name} reasons`).toBe(true)
  }
}

/** Every contact and company has finite scores, and the read API answers for each. */
async function expectSoundEntities({ store, read }: Outcome): Promise<void> {
  for (let cursor = '', done = false; !done; ) {
    const page = await store.scanContacts(cursor, 500)
    for (const contact of page.contacts) {
      expectSoundScores(`contact ${contact.id}`, contact)
      if (contact.userId === undefined) continue
      const path = `/api/contacts/${encodeURIComponent(contact.userId)}`
      expect((await read(path)).status, path).toBe(200)
      expect((await read(`${path}/history`)).status, `${path}/history`).toBe(200)
    }
    done = page.contacts.length === 0
    cursor = page.cursor
  }
  const companyIds = await store.listEntityIds('company', '', Number.MAX_SAFE_INTEGER)
  for (const company of await store.loadCompanies(companyIds)) {
    expectSoundScores(`company ${company.id}`, company)
    const path = `/api/companies/${encodeURIComponent(company.id)}`
    expect((await read(path)).status, path).toBe(200)
  }
}

describe('the processor on valid but odd events, with the default model', () => {
  it(
    'never fails a step, keeps every score a finite number, and the read API answers for every entity',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(oddMessage, { minLength: 1, maxLength: 30 }), async (messages) => {
          await processEvents(messages.map(toEvent), expectSoundEntities, [4 * DAY, 31 * DAY])
        }),
        fuzzRuns(12, { ciTimeLimitMs: 40_000 }),
      )
    },
    fuzzTimeoutMs(60_000),
  )
})

/** Segment messages as ingest stores them, a minute apart, the last an hour before the clock. */
function eventsOf(messages: readonly Record<string, unknown>[]): Event[] {
  return messages.map((message, index) => {
    const timestamp = new Date(startMs - 3_600_000 - (messages.length - index) * 60_000).toISOString()
    const result = parseSegmentMessage(
      { messageId: `m${index}`, timestamp, ...message },
      { receivedAtMs: startMs, newMessageId: () => `generated-${index}` },
    )
    if (!result.ok) throw new Error(`invalid test message ${JSON.stringify(message)}: ${result.rejection.message}`)
    return result.event
  })
}

const scoreOf = async (store: Store, key: string) =>
  (await store.findContact(key))?.scores.lead_score_product_usage?.value
const signIn = (userId: string) => ({ type: 'track', userId, event: 'Signed In' })
const names = prototypeNames

describe('every Object.prototype name, with the default model', () => {
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

  // TODO issue 9 item 2 (proto-keys branch): a company keeps its members in a plain object keyed by contact id; the
  // member `__proto__` replaces its prototype instead and drops out of active_users_count. Fixed there (ed6a88a).
  it.fails('as the userIds of a company’s members: each counts as an active user', async () => {
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
