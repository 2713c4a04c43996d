import { describe, expect, it } from 'vitest'
import { jsonText, parseJsonText } from './json-text.ts'

describe('jsonText', () => {
  it('gives back the stored text of a parsed object', () => {
    const text = '{"b":1,  "a":2}'
    expect(jsonText(parseJsonText(text))).toBe(text)
  })

  it('serializes an object it has not seen, once', () => {
    const value = { a: 1 }
    const first = jsonText(value)
    expect(first).toBe('{"a":1}')
    expect(jsonText(value)).toBe(first)
  })

  it('keeps the text where JSON, structured clone and key listings do not see it', () => {
    const value = parseJsonText<{ a: number }>('{"a": 1}')
    expect(JSON.stringify(value)).toBe('{"a":1}')
    expect(Object.keys(value)).toEqual(['a'])
    expect(structuredClone(value)).toEqual({ a: 1 })
    expect(jsonText(structuredClone(value))).toBe('{"a":1}')
  })
})
