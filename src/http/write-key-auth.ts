import { createHash } from 'node:crypto'

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/**
 * The id a write key's events are stored under (dedupe is per source): a prefix of its SHA-256, so the stored log
 * never holds the key itself and the id stays the same across restarts.
 */
export function sourceIdOf(writeKey: string): string {
  return sourceIdOfHash(sha256Hex(writeKey))
}

function sourceIdOfHash(hash: string): string {
  return hash.slice(0, 16)
}

/** The write key of an `Authorization: Basic base64(key:)` header; `undefined` for any other scheme. */
function basicUserName(authorization: string | undefined): string | undefined {
  if (authorization === undefined || !/^basic /i.test(authorization)) return undefined
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  const user = colon === -1 ? decoded : decoded.slice(0, colon)
  return user === '' ? undefined : user
}

/** What the `Authorization` header says of the write key: none sent, a known key's source, or an unknown key. */
export type HeaderKey = { kind: 'none' } | { kind: 'known'; source: string } | { kind: 'unknown' }

export interface WriteKeyAuthenticator {
  /** The key of an `Authorization: Basic` header: checked before the body is read, so a wrong key costs nothing. */
  fromHeader(authorization: string | undefined): HeaderKey
  /** The source of `writeKey` in a parsed body, or undefined when it is missing or unknown. */
  fromBody(body: unknown): string | undefined
}

/**
 * Accepts the write key as HTTP Basic user name (`@segment/analytics-node` 3.1, RudderStack) or, when there is
 * none, as `writeKey` in the body (older Segment clients, OAuth). Keys are compared by their hashes, so a lookup
 * takes no time that depends on how much of a guessed key is right.
 */
export function createWriteKeyAuthenticator(writeKeys: readonly string[]): WriteKeyAuthenticator {
  const sourceByHash = new Map<string, string>()
  for (const key of writeKeys) {
    const hash = sha256Hex(key)
    sourceByHash.set(hash, sourceIdOfHash(hash))
  }
  const sourceOf = (key: string) => sourceByHash.get(sha256Hex(key))
  return {
    fromHeader(authorization) {
      const key = basicUserName(authorization)
      if (key === undefined) return { kind: 'none' }
      const source = sourceOf(key)
      return source === undefined ? { kind: 'unknown' } : { kind: 'known', source }
    },
    fromBody(body) {
      const key = (body as { writeKey?: unknown } | null | undefined)?.writeKey
      return typeof key === 'string' && key !== '' ? sourceOf(key) : undefined
    },
  }
}
