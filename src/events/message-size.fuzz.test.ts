import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzRuns, fuzzTimeoutMs } from '../../test/fuzz-runs.ts'
import { awkwardJson, awkwardKey, filler } from '../../test/segment-arbitraries.ts'
import { judgeMessageSize, maxMessageDepth } from './message-size.ts'
import { utf8ByteLength } from './utf8-byte-length.ts'

/** Any text as UTF-16 units, lone surrogates included (JSON.parse gives them for `"\ud800"`). */
const anyUnits = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff })), { maxLength: 40 })
  .map((units) => String.fromCharCode(...units))

function nest(value: unknown, levels: number, key: string): unknown {
  let nested = value
  for (let level = 0; level < levels; level++) nested = level % 3 === 0 ? [nested] : { [key]: nested }
  return nested
}

describe('judgeMessageSize on any message', { timeout: fuzzTimeoutMs(30_000) }, () => {
  it('says a message fits exactly when its JSON is within the limit in UTF-8 bytes', () => {
    const message = fc.oneof(
      awkwardJson,
      fc.dictionary(awkwardKey, fc.oneof(awkwardJson, filler, anyUnits), { maxKeys: 4, noNullPrototype: true }),
    )
    fc.assert(
      fc.property(message, fc.integer({ min: 0, max: 50_000 }), (value, limitBytes) => {
        const bytes = Buffer.byteLength(JSON.stringify(value) ?? '')
        expect(judgeMessageSize(value, limitBytes)).toBe(bytes > limitBytes ? 'too_large' : 'fits')
      }),
      fuzzRuns(1000),
    )
  })

  it(`refuses nesting past ${maxMessageDepth} levels, to 10,000 deep, without overflowing the stack`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), awkwardKey, awkwardJson, (levels, key, leaf) => {
        const value = nest(typeof leaf === 'object' ? null : leaf, levels, key)
        expect(judgeMessageSize(value, 32_768)).toBe(levels > maxMessageDepth ? 'too_deep' : 'fits')
      }),
      fuzzRuns(300),
    )
  })
})

describe('utf8ByteLength on any text', { timeout: fuzzTimeoutMs(30_000) }, () => {
  it('counts what Buffer counts, lone surrogates included (each is written as U+FFFD, three bytes)', () => {
    fc.assert(
      fc.property(anyUnits, (text) => {
        expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'))
      }),
      fuzzRuns(2000),
    )
  })
})
