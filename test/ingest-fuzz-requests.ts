import fc from 'fast-check'
import type { EventType } from '../src/events/event.ts'
import { earliestEventTimeMs, readTimeMs } from '../src/events/event-time.ts'
import { besideValid, type FuzzMessage, type FuzzRequest, jsonBody, nextValidId, validMessage } from './fuzz-request.ts'
import { badBytesRequest, listedByteRequests } from './ingest-fuzz-bytes.ts'
import { receivedAtMs } from './ingest-test-server.ts'
import {
  awkwardJson,
  awkwardMessage,
  awkwardTime,
  edgeTimeTexts,
  eventTypes,
  prototypeNames,
} from './segment-arbitraries.ts'

/** A batch of awkward and valid messages in any order, with any batch-level fields. */
const jsonBatch: fc.Arbitrary<FuzzRequest> = fc
  .record({
    messages: fc.array(fc.oneof(awkwardMessage, awkwardJson, fc.constant('valid')), { maxLength: 8 }),
    sentAt: fc.option(awkwardTime, { nil: undefined }),
    context: fc.option(awkwardJson, { nil: undefined }),
  })
  .map(({ messages, sentAt, context }) => {
    const valid = new Map(messages.flatMap((message, index) => (message === 'valid' ? [[index, validMessage()]] : [])))
    const batch = messages.map((message, index) => valid.get(index) ?? message)
    return {
      kind: 'json batch',
      path: '/v1/batch',
      headers: {},
      body: jsonBody({ batch, sentAt, context }),
      validIds: [...valid.values()].map((message) => message.messageId),
      messageCount: batch.length,
      expectVerdicts: Object.fromEntries([...valid.keys()].map((index) => [index, 'accepted'])),
    }
  })

/** Any JSON body on any route: a message, a batch of anything, or any value at all. */
const anyJson: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.constantFrom<EventType | 'batch'>('batch', ...eventTypes),
    fc.oneof(awkwardMessage, awkwardJson, fc.record({ batch: awkwardJson, sentAt: awkwardTime }, { requiredKeys: [] })),
  )
  .map(([route, body]) => ({ kind: 'any json', path: `/v1/${route}`, headers: {}, body: jsonBody(body), validIds: [] }))

const nested = (depth: number, open: string, close: string, leaf: string) =>
  `${open.repeat(depth)}${leaf}${close.repeat(depth)}`

/** JSON texts no serialiser writes: nesting 10,000 deep, numbers JSON.parse takes as Infinity, 10,000 keys, … */
const rawValueTexts: readonly string[] = [
  nested(10_000, '[', ']', '1'),
  nested(10_000, '{"a":', '}', '1'),
  nested(10_000, '{"__proto__":', '}', '1'),
  nested(65, '[', ']', '0'),
  '1e400',
  '-1e400',
  '1e308',
  '-0',
  '1e-400',
  '123456789012345678901234567890',
  '0.1e99999999999',
  `{${Array.from({ length: 10_000 }, (_, index) => `"p${index}":${index}`).join(',')}}`,
  `{${prototypeNames.map((name) => `"${name}":{"${name}":"${name}"}`).join(',')}}`,
  '{"a":1,"a":2}',
  '"\\ud800"',
  '"\\u0000"',
]

const rawPlaces = ['message', 'properties', 'id', 'single'] as const

/** A raw text alone on a single route, or as a message, its ids or its properties beside a valid one in a batch. */
function rawText(text: string, place: (typeof rawPlaces)[number]): FuzzRequest {
  if (place === 'single') return { kind: 'raw single', path: '/v1/track', headers: {}, body: text, validIds: [] }
  const message =
    place === 'message'
      ? text
      : place === 'id'
        ? `{"type":"identify","userId":${text},"anonymousId":${text},"traits":${text}}`
        : `{"type":"track","userId":"u","event":"E","properties":{"x":${text}}}`
  return besideValid(`raw ${place}`, message)
}

/** What the policy says of a message's times: the code it is rejected with, or `accepted`. */
function timeVerdict(timestamp: string, sentAt: string | undefined): string {
  const timestampMs = readTimeMs(timestamp)
  const sentAtMs = readTimeMs(sentAt)
  if (Number.isNaN(timestampMs) || Number.isNaN(sentAtMs)) return 'invalid_field'
  if (timestampMs === undefined) return 'accepted'
  const correctedMs = sentAtMs === undefined ? timestampMs : receivedAtMs - (sentAtMs - timestampMs)
  return correctedMs < earliestEventTimeMs ? 'timestamp_out_of_range' : 'accepted'
}

/** A message with times at the edges of the policy, beside a valid one. */
const edgeTime = (timestamp: string, sentAt: string | undefined): FuzzRequest =>
  besideValid(
    'edge time',
    jsonBody({ type: 'track', userId: 'u', event: 'E', timestamp, sentAt }),
    timeVerdict(timestamp, sentAt),
  )

/** A message valid in odd ways: every id, name, key and trait one of the names every object inherits. */
function prototypeNamedMessage(name: string, type: EventType): FuzzMessage {
  const fields = { [name]: { [name]: name }, email: `${name}@x.test`, plan: name }
  return {
    type,
    userId: name,
    anonymousId: name,
    event: name,
    name,
    groupId: name,
    previousId: name,
    messageId: nextValidId(`-${name}`),
    properties: fields,
    traits: fields,
  }
}

/** Every Object.prototype name as every id, event name, key and trait, on a batch or a single call: all stored. */
function prototypeNamed(name: string, route: EventType | 'batch'): FuzzRequest {
  const messages =
    route === 'batch'
      ? eventTypes.map((type) => prototypeNamedMessage(name, type))
      : [prototypeNamedMessage(name, route)]
  return {
    kind: 'prototype names',
    path: `/v1/${route}`,
    headers: {},
    body: route === 'batch' ? jsonBody({ batch: messages }) : jsonBody(messages[0]),
    validIds: messages.map((message) => message.messageId),
    messageCount: messages.length,
    expectStatus: 200,
    expectVerdicts: Object.fromEntries(messages.map((_, index) => [index, 'accepted'])),
  }
}

/** More messages than a batch may hold: the ones past 2,500 are rejected together, unread. */
function longBatch(count: number): FuzzRequest {
  const valid = validMessage()
  return {
    kind: 'long batch',
    path: '/v1/batch',
    headers: {},
    body: `{"batch":[${jsonBody(valid)}${',0'.repeat(count - 1)}]}`,
    validIds: [valid.messageId],
    messageCount: count,
    expectStatus: 200,
  }
}

/** Every listed bad input once: each raw text in each place, each edge time, each inherited name, the bad bytes. */
export function listedRequests(): FuzzRequest[] {
  return [
    ...rawValueTexts.flatMap((text) => rawPlaces.map((place) => rawText(text, place))),
    ...edgeTimeTexts.map((timestamp) => edgeTime(timestamp, undefined)),
    ...edgeTimeTexts.map((sentAt) => edgeTime('2026-11-26T15:00:00Z', sentAt)),
    edgeTime('0001-01-01T00:00:00Z', '0001-01-01T00:00:10Z'),
    ...prototypeNames.map((name) => prototypeNamed(name, 'batch')),
    longBatch(60_000),
    ...listedByteRequests(),
  ]
}

/** Every kind of bad request, generated, each with or beside valid messages where it can carry them. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { arbitrary: jsonBatch, weight: 4 },
  { arbitrary: anyJson, weight: 3 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...rawValueTexts), fc.constantFrom(...rawPlaces))
      .map(([t, p]) => rawText(t, p)),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...edgeTimeTexts), fc.option(fc.constantFrom(...edgeTimeTexts), { nil: undefined }))
      .map(([timestamp, sentAt]) => edgeTime(timestamp, sentAt)),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...prototypeNames), fc.constantFrom<EventType | 'batch'>('batch', ...eventTypes))
      .map(([name, route]) => prototypeNamed(name, route)),
    weight: 1,
  },
  { arbitrary: fc.integer({ min: 2_501, max: 60_000 }).map(longBatch), weight: 1 },
  { arbitrary: badBytesRequest, weight: 4 },
)
