import { describe, expect, it } from 'vitest'
import type { Event } from '../events/event.ts'
import { distinctKind } from './distinct-kind.ts'
import { ALL_TIME } from './time-window.ts'

const T0 = Date.parse('2026-11-02T09:00:00Z')
/** The names a plain object inherits: each must count as the ordinary value it is. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype)

const used = (feature: string, atMs = T0): Event => ({
  type: 'track',
  messageId: `m-${feature}-${atMs}`,
  userId: 'u',
  event: 'Feature Used',
  properties: { feature },
  traits: {},
  timestampMs: atMs,
  receivedAtMs: atMs,
})

const kind = distinctKind((event) => {
  const value = event.properties.feature
  return typeof value === 'string' ? value : null
}, ALL_TIME)

/** The state as the store gives it back: JSON text parsed into plain objects. */
const stored = (state: unknown) => JSON.parse(JSON.stringify(state)) as ReturnType<typeof kind.initial>

describe('distinct values named like Object.prototype members', () => {
  it('counts reports, constructor, __proto__, toString and hasOwnProperty as five values', () => {
    let state = kind.initial()
    for (const name of ['reports', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      state = kind.apply(state, used(name))
    }
    expect(kind.value(state, T0)).toBe(5)
  })

  it('counts every Object.prototype name once, through a stored and read-back state', () => {
    let state = kind.initial()
    for (const name of PROTOTYPE_NAMES) state = stored(kind.apply(state, used(name)))
    for (const name of PROTOTYPE_NAMES) state = stored(kind.apply(state, used(name, T0 + 1)))
    expect(kind.value(stored(state), T0 + 1)).toBe(PROTOTYPE_NAMES.length)
    expect(Object.keys(state).sort()).toEqual([...PROTOTYPE_NAMES].sort())
  })

  it('keeps them through merging and compaction', () => {
    const half = Math.floor(PROTOTYPE_NAMES.length / 2)
    let a = kind.initial()
    let b = kind.initial()
    for (const name of PROTOTYPE_NAMES.slice(0, half)) a = kind.apply(a, used(name))
    for (const name of PROTOTYPE_NAMES.slice(half - 1)) b = kind.apply(b, used(name))
    const merged = kind.merge(stored(a), stored(b))
    expect(kind.value(merged, T0)).toBe(PROTOTYPE_NAMES.length)
    expect(kind.value(kind.compact(stored(merged), T0), T0)).toBe(PROTOTYPE_NAMES.length)
  })

  it('reads a time stored as null (by the fault these tests cover) as never seen, and drops it', () => {
    let state = stored({ constructor: null, reports: T0 })
    expect(kind.value(state, T0)).toBe(1)
    expect(kind.nextChangeAt(state, T0)).toBeNull()
    expect(Object.keys(kind.compact(state, T0))).toEqual(['reports'])
    expect(kind.value(kind.merge(state, stored({ toString: null })), T0)).toBe(1)
    state = kind.apply(state, used('constructor'))
    expect(kind.value(state, T0)).toBe(2)
  })

  it('leaves Object.prototype as it was', () => {
    let state = kind.initial()
    for (const name of PROTOTYPE_NAMES) state = kind.apply(stored(state), used(name))
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual([...PROTOTYPE_NAMES].sort())
    expect({}.toString()).toBe('[object Object]')
  })
})
