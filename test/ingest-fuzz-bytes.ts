import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { maxMessageBytes } from '../src/events/segment-limits.ts'
import { besideValid, type FuzzRequest, jsonBody, validMessage } from './fuzz-request.ts'

/** Texts that are not JSON at all. */
const brokenTexts: readonly string[] = [
  '',
  ' ',
  '{',
  '{"batch":[',
  '{"batch":[],}',
  '{"batch":[NaN]}',
  '{"batch":[Infinity]}',
  "{'batch':[]}",
  '{"batch":[]} trailing',
  '// comment\n{"batch":[]}',
  '\u0000',
  '\ufeff',
  '\ufeff\ufeff{"batch":[]}',
]

const brokenJson = (text: string, path: string): FuzzRequest => ({
  kind: 'broken json',
  path,
  headers: {},
  body: text,
  validIds: [],
})

/** Bytes that are not UTF-8: overlong, surrogates, five bytes long, cut short, lone continuations, past U+10FFFF. */
const invalidUtf8Sequences: readonly number[][] = [
  [0xff],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0x80, 0x80, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
]

const utf8Places: Record<string, [string, string]> = {
  value: ['{"type":"track","userId":"u","event":"E","properties":{"s":"', '"}}'],
  key: ['{"type":"track","userId":"u","event":"E","properties":{"', '":1}}'],
  id: ['{"type":"track","event":"E","userId":"', '"}'],
  outside: ['{"type":"track","userId":"u","event":"E"', '}'],
}

/** Invalid UTF-8 in a string (read as U+FFFD, the message then held to 32 KB as read) or outside one (400). */
function invalidUtf8(sequence: readonly number[], place: string, repeat: number): FuzzRequest {
  const [before, after] = utf8Places[place] ?? ['', '']
  const bad = Buffer.from(Array.from({ length: repeat }, () => sequence).flat())
  const message = Buffer.concat([Buffer.from(before), bad, Buffer.from(after)])
  const kind = `invalid utf-8 ${place}`
  if (place === 'outside') return { ...besideValid(kind, message), validIds: [], expectStatus: 400 }
  const storedBytes = Buffer.byteLength(JSON.stringify(JSON.parse(message.toString('utf8'))))
  return besideValid(kind, message, storedBytes > maxMessageBytes ? 'message_too_large' : 'accepted')
}

const encodeAs: Record<string, (text: string) => Uint8Array> = {
  gzip: (text) => gzipSync(text),
  deflate: (text) => deflateSync(text),
  'raw deflate': (text) => deflateRawSync(text),
  none: (text) => Buffer.from(text),
  'double gzip': (text) => gzipSync(gzipSync(text)),
  'truncated gzip': (text) => gzipSync(text).subarray(0, 20),
  'gzip with trailing bytes': (text) => Buffer.concat([gzipSync(text), Buffer.from('garbage!')]),
  'two gzip members': (text) => Buffer.concat([gzipSync(text.slice(0, 5)), gzipSync(text.slice(5))]),
}

/** Content-Encoding said, what the bytes really are, and the status that must come back. */
const encodingCases: readonly [string, string, number][] = [
  ['gzip', 'gzip', 200],
  ['x-gzip', 'gzip', 200],
  ['GZIP ', 'gzip', 200],
  ['deflate', 'deflate', 200],
  ['identity', 'none', 200],
  ['gzip', 'two gzip members', 200],
  ['deflate', 'raw deflate', 400],
  ['gzip', 'deflate', 400],
  ['deflate', 'gzip', 400],
  ['gzip', 'none', 400],
  ['gzip', 'double gzip', 400],
  ['gzip', 'truncated gzip', 400],
  ['gzip', 'gzip with trailing bytes', 400],
  ['br', 'none', 415],
  ['zstd', 'gzip', 415],
  ['gzip, gzip', 'gzip', 415],
  ['*', 'none', 415],
]

/** A valid batch sent in a Content-Encoding, said rightly or wrongly. */
function encoded([encoding, actual, expectStatus]: readonly [string, string, number]): FuzzRequest {
  const valid = validMessage()
  const encode = encodeAs[actual] ?? ((text: string) => Buffer.from(text))
  return {
    kind: `content-encoding ${encoding} of ${actual}`,
    path: '/v1/batch',
    headers: { 'content-encoding': encoding },
    body: encode(jsonBody({ batch: [valid] })),
    validIds: [valid.messageId],
    expectStatus,
  }
}

/** Arbitrary bytes, labelled as anything. */
const randomBytes = (bytes: Uint8Array, encoding: string): FuzzRequest => ({
  kind: `random bytes ${encoding}`,
  path: '/v1/batch',
  headers: encoding === '' ? {} : { 'content-encoding': encoding },
  body: bytes,
  validIds: [],
})

const bytePaths = ['/v1/batch', '/v1/identify']

/** Every listed case of bad bytes, once: broken JSON, each invalid UTF-8 sequence in each place, each encoding. */
export function listedByteRequests(): FuzzRequest[] {
  return [
    ...brokenTexts.flatMap((text) => bytePaths.map((path) => brokenJson(text, path))),
    ...invalidUtf8Sequences.flatMap((sequence) =>
      Object.keys(utf8Places).flatMap((place) => [1, 11_000].map((repeat) => invalidUtf8(sequence, place, repeat))),
    ),
    ...encodingCases.map(encoded),
  ]
}

/** Bad bytes, generated: broken or random texts, invalid UTF-8 anywhere in any amount, encodings right and wrong. */
export const badBytesRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc
    .tuple(
      fc.oneof(fc.constantFrom(...brokenTexts), fc.string({ unit: 'binary', maxLength: 60 })),
      fc.constantFrom(...bytePaths),
    )
    .map(([text, path]) => brokenJson(text, path)),
  fc
    .tuple(
      fc.constantFrom(...invalidUtf8Sequences),
      fc.constantFrom(...Object.keys(utf8Places)),
      fc.integer({ min: 1, max: 12_000 }),
    )
    .map(([sequence, place, repeat]) => invalidUtf8(sequence, place, repeat)),
  fc
    .tuple(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('', 'gzip', 'deflate'))
    .map(([bytes, encoding]) => randomBytes(bytes, encoding)),
  fc.constantFrom(...encodingCases).map(encoded),
)
