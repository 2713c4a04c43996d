import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzRuns, fuzzTimeoutMs } from '../../test/fuzz-runs.ts'
import { awkwardJson, awkwardString, prototypeNames } from '../../test/segment-arbitraries.ts'
import { createWriteKeyAuthenticator, sourceIdOf } from './write-key-auth.ts'

const writeKeys = ['wk_live', 'constructor']
const authenticator = createWriteKeyAuthenticator(writeKeys)
const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`

describe('the write-key authenticator on any header and body', { timeout: fuzzTimeoutMs(30_000) }, () => {
  it('never throws on an Authorization header, and knows a key only when it is one of the write keys', () => {
    const header = fc.oneof(
      awkwardString,
      awkwardString.map((text) => `Basic ${text}`),
      fc
        .tuple(fc.oneof(awkwardString, fc.constantFrom(...writeKeys, ...prototypeNames)), awkwardString)
        .map(([user, password]) => basic(`${user}:${password}`)),
      fc.uint8Array({ maxLength: 40 }).map((bytes) => `basic ${Buffer.from(bytes).toString('base64')}`),
    )
    fc.assert(
      fc.property(header, (authorization) => {
        const key = authenticator.fromHeader(authorization)
        if (key.kind === 'known') expect(writeKeys.map(sourceIdOf)).toContain(key.source)
        else expect(['none', 'unknown']).toContain(key.kind)
      }),
      fuzzRuns(2000),
    )
  })

  it('never throws on a body, and finds a source only for a write key sent as writeKey', () => {
    const body = fc.oneof(
      awkwardJson,
      fc.record({ writeKey: fc.oneof(awkwardJson, fc.constantFrom(...writeKeys, ...prototypeNames)) }),
    )
    fc.assert(
      fc.property(body, (value) => {
        const source = authenticator.fromBody(value)
        const sent = (value as { writeKey?: unknown } | null)?.writeKey
        expect(source).toBe(writeKeys.includes(sent as string) ? sourceIdOf(sent as string) : undefined)
      }),
      fuzzRuns(2000),
    )
  })
})
