import { describe, expect, it } from 'vitest'
import { judgeMessageSize, maxMessageDepth } from './message-size.ts'
import { utf8ByteLength } from './utf8-byte-length.ts'

function nested(levels: number): unknown {
  let value: unknown = 1
  for (let level = 0; level < levels; level++) value = [value]
  return value
}

describe('judgeMessageSize', () => {
  it('lets a small message through without a byte limit', () => {
    expect(judgeMessageSize({ a: 'b' }, undefined)).toBe('fits')
  })

  it('finds a message over the limit', () => {
    expect(judgeMessageSize({ blob: 'x'.repeat(200) }, 100)).toBe('too_large')
  })

  it('lets a message exactly at the limit through', () => {
    const message = { blob: 'x'.repeat(92) }
    expect(JSON.stringify(message)).toHaveLength(103)
    expect(judgeMessageSize(message, 103)).toBe('fits')
    expect(judgeMessageSize(message, 102)).toBe('too_large')
  })

  it(`accepts nesting of ${maxMessageDepth} levels and refuses one more`, () => {
    expect(judgeMessageSize(nested(maxMessageDepth), undefined)).toBe('fits')
    expect(judgeMessageSize(nested(maxMessageDepth + 1), undefined)).toBe('too_deep')
  })

  it('refuses nesting far too deep to serialise without overflowing the stack', () => {
    expect(judgeMessageSize(nested(100_000), 32_768)).toBe('too_deep')
  })
})

describe('utf8ByteLength', () => {
  it('counts one to four bytes per character', () => {
    expect(utf8ByteLength('a')).toBe(1)
    expect(utf8ByteLength('é')).toBe(2)
    expect(utf8ByteLength('€')).toBe(3)
    expect(utf8ByteLength('😀')).toBe(4)
    expect(utf8ByteLength('a€😀é')).toBe(new TextEncoder().encode('a€😀é').length)
  })

  it('counts a lone surrogate as the three bytes of U+FFFD, also when a character follows it', () => {
    expect(utf8ByteLength('\ud800')).toBe(3)
    expect(utf8ByteLength('\udc00')).toBe(3)
    expect(utf8ByteLength('\ud800\u0080')).toBe(5)
    expect(utf8ByteLength('\ud800\ud800\udc00')).toBe(7)
  })
})
