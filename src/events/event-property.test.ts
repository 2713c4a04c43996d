import { describe, expect, it } from 'vitest'
import type { Event } from './event.ts'
import { numberAt, propertyAt } from './event-property.ts'

const NAMES = Object.getOwnPropertyNames(Object.prototype)

const withProperties = (properties: Record<string, unknown>): Event => ({
  type: 'track',
  messageId: 'm1',
  userId: 'u',
  event: 'E',
  properties,
  traits: {},
  timestampMs: 0,
  receivedAtMs: 0,
})

describe('event properties named like Object.prototype members', () => {
  it('reads none the event did not send, at any depth', () => {
    const event = withProperties({ nested: {} })
    for (const name of NAMES) {
      expect(propertyAt(event, name), name).toBeUndefined()
      expect(propertyAt(event, `nested.${name}`), name).toBeUndefined()
      expect(numberAt(event, name), name).toBeNull()
    }
  })

  it('reads those the event sent, __proto__ included', () => {
    const sent = JSON.parse(JSON.stringify(Object.fromEntries(NAMES.map((name, index) => [name, index]))))
    const event = withProperties({ ...sent, nested: sent })
    for (const [index, name] of NAMES.entries()) {
      expect(propertyAt(event, name), name).toBe(index)
      expect(numberAt(event, `nested.${name}`), name).toBe(index)
    }
  })
})
