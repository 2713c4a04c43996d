import { promisify } from 'node:util'
import { gunzip, inflate } from 'node:zlib'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { UpscoreError } from '../errors.ts'

/** A request body as the ingest routes get it: the parsed JSON and its size once decompressed. */
export interface ParsedBody {
  json: unknown
  bytes: number
}

const gunzipAsync = promisify(gunzip)
const inflateAsync = promisify(inflate)

async function decompress(encoding: string, raw: Buffer, limitBytes: number): Promise<Buffer> {
  const decode =
    encoding === 'gzip' || encoding === 'x-gzip' ? gunzipAsync : encoding === 'deflate' ? inflateAsync : undefined
  if (decode === undefined) {
    throw new UpscoreError(
      'unsupported_media_type',
      `Content-Encoding ${encoding} is not supported: send gzip, deflate or none`,
    )
  }
  try {
    // The limit holds for the decompressed size too, so that a small zip bomb cannot take the memory.
    return await decode(raw, { maxOutputLength: limitBytes })
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new UpscoreError('payload_too_large', `the decompressed body is over ${limitBytes / 1024} KB`)
    }
    throw new UpscoreError('invalid_json', `the body is not valid ${encoding} data`, { cause: error })
  }
}

/**
 * Deletes every own `__proto__` key of a parsed body, walking it with a list instead of recursion: `JSON.parse` keeps
 * such a key as an ordinary own property, and a reviver (which recurses) would overflow the stack on a body nested a
 * few thousand deep, refusing the valid messages beside it.
 */
function dropProtoKeys(root: unknown): unknown {
  const pending: unknown[] = [root]
  while (pending.length > 0) {
    const value = pending.pop()
    if (typeof value !== 'object' || value === null) continue
    if (Object.hasOwn(value, '__proto__')) Reflect.deleteProperty(value, '__proto__')
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) pending.push(child)
  }
  return root
}

/** A JSON escape of a letter of `__proto__`: `\u005f` (`_`), `\u006f` (`o`), `\u0070`, `\u0072`, `\u0074`. */
const escapedProtoLetter = /\\u00(?:5[fF]|6[fF]|7[024])/

/**
 * Whether the text may spell a `__proto__` key: as it is, or with letters written as JSON escapes (`\u005f_proto__`;
 * escapes are the only other spelling). Only such bodies are walked for one. Two plain searches first (about 1 µs for
 * 27 KB), the pattern only when the text has escapes at all: other escapes (`\u00e9`, which some SDKs write for every
 * non-ASCII letter) do not match it.
 */
const mayHoldProtoKey = (text: string): boolean =>
  text.includes('__proto__') || (text.includes('\\u00') && escapedProtoLetter.test(text))

function parseJson(raw: string): unknown {
  // Some Windows tools start UTF-8 text with a byte-order mark, which JSON.parse refuses.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw
  try {
    const json: unknown = JSON.parse(text)
    return mayHoldProtoKey(text) ? dropProtoKeys(json) : json
  } catch (error) {
    throw new UpscoreError('invalid_json', `the body is not valid JSON: ${(error as Error).message}`)
  }
}

async function readBody(request: FastifyRequest, raw: Buffer, limitBytes: number): Promise<ParsedBody> {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase()
  const bytes =
    encoding === undefined || encoding === '' || encoding === 'identity'
      ? raw
      : await decompress(encoding, raw, limitBytes)
  return { json: parseJson(bytes.toString('utf8')), bytes: bytes.length }
}

/**
 * Makes `scope` read every body as JSON whatever its Content-Type (RudderStack sends gzipped JSON labelled
 * `application/x-www-form-urlencoded`), decompressing `Content-Encoding: gzip` or `deflate`, with `limitBytes`
 * before and after decompression. The routes of `scope` get a `ParsedBody`.
 */
export function acceptJsonBodies(scope: FastifyInstance, limitBytes: number): void {
  scope.removeAllContentTypeParsers()
  // Fastify refuses a missing or malformed Content-Type before any parser runs; these routes take JSON whatever it says.
  scope.addHook('onRequest', async (request) => {
    request.headers['content-type'] = 'application/json'
  })
  scope.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: limitBytes },
    (request: FastifyRequest, raw: Buffer): Promise<ParsedBody> => readBody(request, raw, limitBytes),
  )
}
