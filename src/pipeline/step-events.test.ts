import { describe, expect, it } from 'vitest'
import type { Event } from '../events/event.ts'
import { addEvents, historyEvents, MAX_HISTORY_EVENTS, noteEvent } from './step-events.ts'

const event = (n: number, fields: Partial<Event> = {}): Event => ({
  type: 'track',
  messageId: `m${n}`,
  userId: 'u',
  event: 'Signed In',
  properties: {},
  traits: {},
  timestampMs: 1_000 * n,
  receivedAtMs: 1_000 * n,
  ...fields,
})

describe('step events', () => {
  it('notes each event of an entity once, in log order', () => {
    const eventsOf = new Map<string, number[]>()
    noteEvent(eventsOf, 'u', 0)
    noteEvent(eventsOf, 'u', 2)
    noteEvent(eventsOf, 'u', 2)
    expect(eventsOf.get('u')).toEqual([0, 2])
  })

  it('adds another entity’s events in log order, without repeats', () => {
    const eventsOf = new Map([['acme', [1, 4]]])
    addEvents(eventsOf, 'acme', [0, 4, 6])
    expect(eventsOf.get('acme')).toEqual([0, 1, 4, 6])
  })

  it('names a track’s event name, and no name for other calls', () => {
    const { event: _name, ...identify } = event(2, { type: 'identify', traits: { email: 'a@x.test' } })
    const events = [event(1), identify]
    expect(historyEvents(events, [0, 1])).toEqual({
      events: [
        { messageId: 'm1', type: 'track', event: 'Signed In', timestampMs: 1_000 },
        { messageId: 'm2', type: 'identify', timestampMs: 2_000 },
      ],
      eventsOmitted: 0,
    })
  })

  it('keeps the latest events and counts those left out', () => {
    const events = Array.from({ length: MAX_HISTORY_EVENTS + 5 }, (_, n) => event(n))
    const kept = historyEvents(
      events,
      events.map((_, n) => n),
    )
    expect(kept.events).toHaveLength(MAX_HISTORY_EVENTS)
    expect(kept.events[0]?.messageId).toBe('m5')
    expect(kept.events.at(-1)?.messageId).toBe(`m${MAX_HISTORY_EVENTS + 4}`)
    expect(kept.eventsOmitted).toBe(5)
  })
})
