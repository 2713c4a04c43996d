import { describe, expect, it } from 'vitest'
import { trackEvent } from '../../test/track-event.ts'
import type { Event } from '../events/event.ts'
import { adjustedOccurrencesKind } from './adjusted-occurrences-kind.ts'
import type { AdjustedOccurrences, Adjustment } from './adjustment.ts'
import { halfLifeDecay, NO_DECAY } from './decay.ts'
import type { Inactivity } from './inactivity.ts'
import { ALL_TIME } from './time-window.ts'

const DAY = 86_400_000
const NOW = 100 * DAY

const track = trackEvent
const adjust = (operator: Adjustment['operator'], value: number, atMs: number) =>
  track('Adjusted', atMs, { operator, value })

/** A rule worth 10 per `Report`, in a group adjusted by `Adjusted` events; `holds`: the group's adjustments rule. */
function rule(options: { holds?: boolean; decay?: boolean; inactivity?: Inactivity } = {}) {
  const kind = adjustedOccurrencesKind(
    {
      pointsOf: (e) => (!options.holds && e.event === 'Report' ? 10 : null),
      window: ALL_TIME,
      decay: options.decay === true ? halfLifeDecay(30 * DAY) : NO_DECAY,
      once: false,
      isReset: (e) => e.event === 'Deal Lost',
    },
    {
      adjustmentsOf: (e) =>
        e.event === 'Adjusted'
          ? [
              {
                operator: e.properties.operator,
                value: e.properties.value,
                holds: options.holds === true,
              } as Adjustment,
            ]
          : [],
      inactivity: options.inactivity,
    },
  )
  let state: AdjustedOccurrences = kind.initial()
  return {
    kind,
    feed: (...events: Event[]) => {
      for (const event of events) state = kind.apply(state, event)
    },
    value: (nowMs = NOW) => kind.value(state, nowMs) as number,
    state: () => state,
  }
}

describe('an adjusted event rule', () => {
  it('doubles the points before a times, not the points after it', () => {
    const reports = rule()
    reports.feed(track('Report', NOW - 3 * DAY), adjust('times', 2, NOW - 2 * DAY), track('Report', NOW - DAY))
    expect(reports.value()).toBe(30)
  })

  it('doubles a report that arrives after a times stamped later than it', () => {
    const reports = rule()
    reports.feed(adjust('times', 2, NOW - 2 * DAY), track('Report', NOW - 3 * DAY))
    expect(reports.value()).toBe(20)
  })

  it('forgets the points before a set; the holder keeps the set value and plus/minus', () => {
    const reports = rule()
    const holder = rule({ holds: true })
    const events = [
      track('Report', NOW - 3 * DAY),
      adjust('set', 25, NOW - 2 * DAY),
      track('Report', NOW - DAY),
      adjust('plus', 4, NOW),
    ]
    reports.feed(...events)
    holder.feed(...events)
    expect(reports.value() + holder.value()).toBe(10 + 25 + 4)
  })

  it('decays a set value with the group’s decay', () => {
    const holder = rule({ holds: true, decay: true })
    holder.feed(adjust('set', 40, NOW - 30 * DAY))
    expect(holder.value()).toBe(20)
    expect(holder.value(NOW + 30 * DAY)).toBe(10)
  })

  it('loses its set value on a reset event', () => {
    const holder = rule({ holds: true })
    holder.feed(adjust('set', 40, NOW - 3 * DAY), track('Deal Lost', NOW - DAY))
    expect(holder.value()).toBe(0)
  })
})

describe('an inactivity set', () => {
  const inactivity = (setTo: number | undefined): Inactivity => ({
    afterMs: 30 * DAY,
    isActivity: (e) => e.event === 'Report',
    setTo,
  })

  it('replaces the points by the set value 30 days after the last activity, and schedules it', () => {
    const reports = rule({ inactivity: inactivity(undefined) })
    const floor = rule({ holds: true, inactivity: inactivity(3) })
    const events = [track('Report', NOW - 40 * DAY), track('Report', NOW - 20 * DAY)]
    reports.feed(...events)
    floor.feed(...events)
    const at = NOW + 10 * DAY
    expect(reports.kind.nextChangeAt(reports.state(), NOW)).toBe(at)
    expect(floor.kind.nextChangeAt(floor.state(), NOW)).toBe(at)
    expect([reports.value(at - 1), floor.value(at - 1)]).toEqual([20, 0])
    expect([reports.value(at), floor.value(at)]).toEqual([0, 3])
    expect(floor.kind.nextChangeAt(floor.state(), at)).toBeNull()
  })

  it('keeps the set value when activity comes back, and sets it again after the next quiet spell', () => {
    const reports = rule({ inactivity: inactivity(undefined) })
    const floor = rule({ holds: true, inactivity: inactivity(3) })
    const events = [track('Report', NOW - 50 * DAY), track('Report', NOW - 5 * DAY)]
    reports.feed(...events)
    floor.feed(...events)
    expect(reports.value() + floor.value()).toBe(10 + 3)
    expect(reports.value(NOW + 25 * DAY) + floor.value(NOW + 25 * DAY)).toBe(3)
  })

  it('gives nothing to a subject never active', () => {
    const floor = rule({ holds: true, inactivity: inactivity(3) })
    floor.feed(track('Something Else', NOW - 50 * DAY))
    expect(floor.value()).toBe(0)
  })

  it('gives the same values whether or not the state was compacted', () => {
    const reports = rule({ inactivity: inactivity(undefined), decay: true })
    reports.feed(track('Report', NOW - 40 * DAY), adjust('times', 3, NOW - 35 * DAY), track('Report', NOW - 20 * DAY))
    const compacted = reports.kind.compact(reports.state(), NOW)
    for (const at of [NOW, NOW + 9 * DAY, NOW + 10 * DAY]) {
      expect(reports.kind.value(compacted, at)).toBe(reports.value(at))
    }
    expect(compacted.lastActivityMs).toBe(NOW - 20 * DAY)
  })
})
