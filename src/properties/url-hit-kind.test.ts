import { describe, expect, it } from 'vitest'
import type { Event } from '../events/event.ts'
import { NO_DECAY } from './decay.ts'
import { occurrencePointsKind } from './occurrence-points-kind.ts'
import { ALL_TIME } from './time-window.ts'
import { type UrlHitConditions, type UrlHitState, urlHitKind } from './url-hit-kind.ts'

const DAY = 86_400_000
const T0 = Date.parse('2026-11-02T09:00:00Z')

const hit = (atMs: number, properties: Record<string, unknown> = {}): Event => ({
  type: 'page',
  messageId: `m${atMs}`,
  userId: 'u',
  properties: { path: '/pricing', ...properties },
  traits: {},
  timestampMs: atMs,
  receivedAtMs: atMs,
})

const none: UrlHitConditions = {
  firstTime: false,
  hitsAtLeast: undefined,
  dwellAtLeastSeconds: undefined,
  dwellSecondsOf: (event) => (typeof event.properties.seconds === 'number' ? event.properties.seconds : null),
  returnsWithinMs: undefined,
  returnsAfterMs: undefined,
}

/** A rule worth 5 points per qualifying hit, fed hits in the order given; returns its points after each hit. */
function pointsAfterEach(conditions: Partial<UrlHitConditions>, hits: Event[], once = false): number[] {
  const occurrences = occurrencePointsKind({
    pointsOf: () => 5,
    window: ALL_TIME,
    decay: NO_DECAY,
    once,
    isReset: () => false,
  })
  const kind = urlHitKind({ isHit: (e) => e.type === 'page', conditions: { ...none, ...conditions }, occurrences })
  let state: UrlHitState = kind.initial()
  return hits.map((event) => {
    state = kind.apply(state, event)
    return kind.value(state, T0 + 365 * DAY) as number
  })
}

describe('URL hit rules (Mautic url.hit)', () => {
  it('scores every hit when it has no condition', () => {
    expect(pointsAfterEach({}, [hit(T0), hit(T0 + DAY), hit(T0 + 2 * DAY)])).toEqual([5, 10, 15])
  })

  it('scores only the first hit with first_time', () => {
    expect(pointsAfterEach({ firstTime: true }, [hit(T0), hit(T0 + DAY), hit(T0 + 2 * DAY)])).toEqual([5, 5, 5])
  })

  it('scores from the Nth hit on with hits_at_least, the hit itself included', () => {
    const hits = [0, 1, 2, 3].map((d) => hit(T0 + d * DAY))
    expect(pointsAfterEach({ hitsAtLeast: 3 }, hits)).toEqual([0, 0, 5, 10])
  })

  it('gives the points once with once, at the first hit that meets the conditions', () => {
    const hits = [0, 1, 2, 3].map((d) => hit(T0 + d * DAY))
    expect(pointsAfterEach({ hitsAtLeast: 3 }, hits, true)).toEqual([0, 0, 5, 5])
  })

  it('scores once the time spent on the pattern adds up with dwell_at_least; a hit without it adds nothing', () => {
    const hits = [hit(T0, { seconds: 40 }), hit(T0 + DAY), hit(T0 + 2 * DAY, { seconds: 30 }), hit(T0 + 3 * DAY)]
    expect(pointsAfterEach({ dwellAtLeastSeconds: 60 }, hits)).toEqual([0, 0, 5, 10])
  })

  it('scores a hit at most returns_within after the previous one, never the first hit', () => {
    const hits = [hit(T0), hit(T0 + DAY), hit(T0 + DAY + DAY + 1), hit(T0 + 3 * DAY)]
    expect(pointsAfterEach({ returnsWithinMs: DAY }, hits)).toEqual([0, 5, 5, 10])
  })

  it('scores a hit at least returns_after after the previous one, never the first hit', () => {
    const hits = [hit(T0), hit(T0 + 7 * DAY - 1), hit(T0 + 14 * DAY - 1), hit(T0 + 15 * DAY)]
    expect(pointsAfterEach({ returnsAfterMs: 7 * DAY }, hits)).toEqual([0, 0, 5, 5])
  })

  it('needs every condition at once', () => {
    const hits = [hit(T0), hit(T0 + 8 * DAY), hit(T0 + 9 * DAY), hit(T0 + 20 * DAY)]
    expect(pointsAfterEach({ hitsAtLeast: 2, returnsAfterMs: 7 * DAY }, hits)).toEqual([0, 5, 5, 10])
  })

  it('gives a hit that arrives after a later one no previous hit to return from', () => {
    const hits = [hit(T0 + 2 * DAY), hit(T0 + DAY), hit(T0 + 3 * DAY)]
    expect(pointsAfterEach({ returnsWithinMs: 7 * DAY }, hits)).toEqual([0, 0, 5])
  })

  it('adds up the hits of one person known under two ids', () => {
    const occurrences = occurrencePointsKind({
      pointsOf: () => 5,
      window: ALL_TIME,
      decay: NO_DECAY,
      once: false,
      isReset: () => false,
    })
    const kind = urlHitKind({ isHit: () => true, conditions: { ...none, hitsAtLeast: 3 }, occurrences })
    const anonymous = kind.apply(kind.apply(kind.initial(), hit(T0)), hit(T0 + DAY))
    const merged = kind.merge(kind.initial(), anonymous)
    const third = kind.apply(merged, hit(T0 + 2 * DAY))
    expect(third.hits).toEqual({ count: 3, dwellSeconds: 0, lastMs: T0 + 2 * DAY })
    expect(kind.value(third, T0 + 3 * DAY)).toBe(5)
  })
})
