import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzRuns, fuzzTimeoutMs } from '../../test/fuzz-runs.ts'
import { awkwardJson, awkwardKey, prototypeNames } from '../../test/segment-arbitraries.ts'
import type { Event } from './event.ts'
import { numberAt, propertyAt } from './event-property.ts'

const eventWith = (properties: Record<string, unknown>): Event => ({
  type: 'track',
  messageId: 'm',
  userId: 'u',
  event: 'E',
  properties,
  traits: {},
  timestampMs: 0,
  receivedAtMs: 0,
})

const properties = fc.dictionary(awkwardKey, awkwardJson, { maxKeys: 5, noNullPrototype: true })
const path = fc.oneof(
  awkwardKey,
  fc.array(awkwardKey, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.')),
)

describe('reading an event property on any properties and path', { timeout: fuzzTimeoutMs(30_000) }, () => {
  it('never throws, and reads a number only as a finite one', () => {
    fc.assert(
      fc.property(properties, path, (fields, at) => {
        const event = eventWith(fields)
        propertyAt(event, at)
        const n = numberAt(event, at)
        expect(n === null || Number.isFinite(n)).toBe(true)
      }),
      fuzzRuns(2000),
    )
  })

  it('reads only what the event has: nothing for a name every object inherits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...prototypeNames), (name) => {
        expect(propertyAt(eventWith({}), name)).toBeUndefined()
        expect(propertyAt(eventWith({ a: {} }), `a.${name}`)).toBeUndefined()
      }),
      fuzzRuns(50),
    )
  })
})
