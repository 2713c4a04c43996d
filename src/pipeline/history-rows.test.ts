import { describe, expect, it } from 'vitest'
import type { ScoreResult } from '../scoring/score-result.ts'
import { historyRows, withStepChanges } from './history-rows.ts'

const score = (value: number): ScoreResult => ({ value, label: null, reasons: [] })
const definitions = { properties: [{ name: 'logins' }], segments: [{ name: 'active' }] }
const login = { messageId: 'm-login', type: 'track' as const, event: 'Signed In', timestampMs: 5_000 }

describe('history rows', () => {
  it('records each score whose value moved, not the others', () => {
    const rows = historyRows('contact', 'u', { a: score(1), b: score(2) }, { a: score(3), b: score(2) }, 'event', 9)
    expect(rows.map((r) => [r.score, r.from, r.to])).toEqual([['a', 1, 3]])
  })

  it('gives every row of the entity the step’s events, moved properties and segments', () => {
    const rows = historyRows('contact', 'u', { a: score(0), b: score(0) }, { a: score(5), b: score(1) }, 'event', 9)
    withStepChanges(rows, {
      definitions,
      before: { logins: 0, active: false },
      after: { logins: 1, active: true },
      events: { events: [login], eventsOmitted: 0 },
    })
    expect(rows[0]?.step).toEqual({
      events: [{ messageId: 'm-login', type: 'track', event: 'Signed In', timestampMs: 5_000 }],
      eventsOmitted: 0,
      propertyChanges: [{ property: 'logins', from: 0, to: 1 }],
      segments: [{ segment: 'active', entered: true }],
    })
    expect(rows[1]?.step).toBe(rows[0]?.step)
  })

  it('gives no step when the step moved no value and had no event (time, a model change)', () => {
    const rows = historyRows('contact', 'u', { a: score(0) }, { a: score(5) }, 'model', 9)
    const values = { logins: 1, active: true }
    const events = { events: [], eventsOmitted: 0 }
    withStepChanges(rows, { definitions, before: values, after: { ...values }, events })
    expect(rows[0]).not.toHaveProperty('step')
  })
})
