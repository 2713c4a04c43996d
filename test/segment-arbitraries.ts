import fc from 'fast-check'
import type { EventType } from '../src/events/event.ts'

/** Every name a plain object inherits (`constructor`, `toString`, `__proto__`, …): as keys and ids they trip naive code. */
export const prototypeNames: readonly string[] = Object.getOwnPropertyNames(Object.prototype)

export const eventTypes: readonly EventType[] = ['track', 'identify', 'group', 'page', 'screen', 'alias']

/** Texts that break careless code: inherited names, empty, lone surrogates, control and invisible characters, … */
export const awkwardString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ...prototypeNames,
    '',
    ' ',
    '\u0000',
    '\ud800',
    '\udfff',
    '\ufeff',
    '\ufffd',
    '\u2028',
    '😀',
    'anon:x',
    'user:x',
    'null',
    'NaN',
    '-0',
    '1e400',
    '%00',
    '"',
    '\\',
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ maxLength: 12 }),
)

/** Numbers at the edges, as JSON.parse can give them: `1e400` parses as Infinity, `-0` stays negative. */
export const awkwardNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1e308,
    -1e308,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.MAX_SAFE_INTEGER + 2,
    1e20,
    1e21,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ),
  fc.double({ noNaN: true }),
  fc.integer(),
)

export const awkwardKey: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...prototypeNames), awkwardString)

/** Any value JSON.parse can give (Infinity included), small, with awkward keys and leaves. */
export const awkwardJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constant(null),
    fc.boolean(),
    awkwardNumber,
    awkwardString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(awkwardKey, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value

/** Times at every edge of the policy, and texts `Date.parse` reads that ISO-8601 does not. */
export const edgeTimeTexts: readonly string[] = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
  '1999-12-31T23:59:59.999Z',
  '2000-01-01T00:00:00.000Z',
  '2026-11-26T16:00:00',
  '2026-11-26',
  '2026-11-26T15:59:59.999999999+00:00',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '2026-02-30T00:00:00Z',
  '2026-11-26T24:00:00Z',
  '2016-12-31T23:59:60Z',
  'Tue, 26 Nov 2026 16:00:00 GMT',
  'March 7',
  '1',
  '',
]

/** A `timestamp` or `sentAt` field: a real time anywhere in 0000–9999, an edge, or something else altogether. */
export const awkwardTime: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
    .map((date) => date.toISOString()),
  fc.constantFrom(...edgeTimeTexts),
  awkwardNumber,
  awkwardJson,
)

/** An id field: mostly plausible, often not. */
const awkwardId: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  awkwardString,
  awkwardNumber,
  awkwardJson,
)

/**
 * A message that looks like a Segment one, with any field missing, of the wrong type or at an edge: most are
 * rejected, some are valid in odd ways.
 */
export const awkwardMessage: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    type: fc.oneof(fc.constantFrom<unknown>(...eventTypes), awkwardJson),
    userId: awkwardId,
    anonymousId: awkwardId,
    event: fc.oneof(fc.constantFrom('Signed In', 'API Call'), awkwardString, awkwardJson),
    name: fc.oneof(awkwardString, awkwardJson),
    groupId: awkwardId,
    previousId: awkwardId,
    messageId: fc.oneof(fc.uuid(), awkwardString, fc.string({ minLength: 99, maxLength: 102 }), awkwardJson),
    properties: fc.oneof(fc.dictionary(awkwardKey, awkwardJson, { maxKeys: 6, noNullPrototype: true }), awkwardJson),
    traits: fc.oneof(fc.dictionary(awkwardKey, awkwardJson, { maxKeys: 6, noNullPrototype: true }), awkwardJson),
    timestamp: awkwardTime,
    originalTimestamp: awkwardTime,
    sentAt: awkwardTime,
    context: awkwardJson,
    writeKey: awkwardJson,
  },
  { requiredKeys: [] },
)

/** Filler that makes a message cross the 32 KB limit: ASCII, 2-, 3- and 4-byte characters, and ones JSON escapes. */
export const filler: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('x', 'é', '€', '😀', '\u0001', '"', '\ud800'), fc.integer({ min: 0, max: 40_000 }))
  .map(([unit, bytes]) => unit.repeat(Math.ceil(bytes / Math.max(1, new TextEncoder().encode(unit).length))))

/**
 * A message valid by construction, of any type, with awkward names and values where Segment allows anything:
 * a parser must accept it.
 */
export function validMessage(receivedAtMs: number): fc.Arbitrary<Record<string, unknown>> {
  const id = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom(...prototypeNames))
  const fields = fc.dictionary(awkwardKey, awkwardJson, { maxKeys: 6, noNullPrototype: true })
  const time = fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date(receivedAtMs + 365 * 86_400_000),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString())
  return fc.record(
    {
      type: fc.constantFrom(...eventTypes),
      userId: id,
      anonymousId: id,
      event: id,
      name: id,
      groupId: id,
      previousId: id,
      messageId: fc.uuid(),
      properties: fields,
      traits: fields,
      timestamp: time,
      context: awkwardJson,
    },
    { requiredKeys: ['type', 'userId', 'event', 'groupId', 'previousId', 'messageId'] },
  )
}
