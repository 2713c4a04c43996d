import { describe, expect, it } from 'vitest'
import { dataRecord, ownValue, setOwn } from './data-record.ts'

const NAMES = Object.getOwnPropertyNames(Object.prototype)

describe('records keyed by data', () => {
  it('reads nothing inherited, from a new record or a parsed one', () => {
    for (const record of [dataRecord<number>(), JSON.parse('{}') as Record<string, number>]) {
      for (const name of NAMES) expect(ownValue(record, name), name).toBeUndefined()
    }
  })

  it('writes every Object.prototype name as an own key, and reads it back', () => {
    for (const record of [dataRecord<number>(), JSON.parse('{}') as Record<string, number>, {}]) {
      for (const [index, name] of NAMES.entries()) setOwn(record, name, index)
      expect(Object.keys(record).sort()).toEqual([...NAMES].sort())
      const reparsed = JSON.parse(JSON.stringify(record)) as Record<string, number>
      for (const [index, name] of NAMES.entries()) {
        expect(ownValue(record, name), name).toBe(index)
        expect(ownValue(reparsed, name), name).toBe(index)
      }
    }
  })

  it('overwrites an own __proto__ key and leaves the prototype alone', () => {
    const record = JSON.parse('{"__proto__": 1}') as Record<string, number | object>
    setOwn(record, '__proto__', { polluted: true })
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype)
    expect(ownValue(record, '__proto__')).toEqual({ polluted: true })
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
  })
})
