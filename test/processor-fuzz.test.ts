import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Event, EventType } from '../src/events/event.ts'
import { earliestEventTimeMs } from '../src/events/event-time.ts'
import { maxMessageDepth } from '../src/events/message-size.ts'
import { parseSegmentMessage } from '../src/events/segment-message.ts'
import { fuzzRuns, fuzzTimeoutMs } from './fuzz-runs.ts'
import { DAY, type Outcome, processEvents, startMs } from './process-events.ts'
import { awkwardKey, awkwardNumber, prototypeNames } from './segment-arbitraries.ts'

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
    // Not `email`: ingest rejects an identify whose email is not one (tested in test/ingest-http.test.ts).
    arbitrary: fc.dictionary(fc.oneof(awkwardKey, fc.constantFrom('plan', 'title', 'name', 'status')), oddValue, {
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
