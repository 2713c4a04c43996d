import { describe, expect, it } from 'vitest'
import { trackEvent } from '../../test/track-event.ts'
import type { Event } from '../events/event.ts'
import { checkModelText } from '../load-model.ts'
import { applyEvent, emptyEntityState } from '../properties/entity-state.ts'
import type { CompiledModel } from './compiled-model.ts'
import { evaluateCompany, evaluateContact } from './evaluate-entity.ts'
import type { ScoreResult } from './score-result.ts'

const DAY = 86_400_000
const NOW = Date.parse('2026-11-26T12:00:00Z')

function compile(scores: string): CompiledModel {
  const text = `
properties:
  contact:
    logins: { type: count, event: Signed In }
    title: { type: trait, trait: title }
  company: {}
scores:
${scores}`
  const checked = checkModelText(text, 'caps.yaml')
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  return checked.model
}

const identify = (title: string): Event => ({ ...trackEvent('', NOW - DAY), type: 'identify', traits: { title } })

/** The contact's score `name` after `events`, evaluated at `nowMs`. */
function scoreOf(model: CompiledModel, events: Event[], name = 's', nowMs = NOW): ScoreResult {
  const state = emptyEntityState()
  for (const event of events) applyEvent(model.contact, state, event)
  const company = evaluateCompany(model, emptyEntityState(), nowMs)
  const result = evaluateContact(model, state, company.values, nowMs, undefined).scores[name]
  if (result === undefined) throw new Error(`no score ${name}`)
  return result
}

const logins = (n: number, atMs = NOW - DAY) => Array.from({ length: n }, () => trackEvent('Signed In', atMs))
const sum = (result: ScoreResult) => Math.round(result.reasons.reduce((total, r) => total + r.points, 0) * 100) / 100
const reason = (result: ScoreResult, rule: string) => result.reasons.find((r) => r.rule === rule)?.points

describe('caps and floors, each level on its own', () => {
  it('caps a rule at its max and floors it at its min', () => {
    const model = compile(`
  s:
    subject: contact
    rules:
      per_login: { points: 10, per: 1, of: logins, max: 40 }
      never_in: { when: logins == 0, points: -30, min: -20 }`)
    expect(scoreOf(model, logins(7))).toMatchObject({ value: 40 })
    expect(scoreOf(model, logins(7)).reasons).toEqual([
      expect.objectContaining({ rule: 'per_login', points: 40, uncappedPoints: 70 }),
    ])
    expect(scoreOf(model, [])).toMatchObject({ value: -20 })
  })

  it('caps a group at its max and floors it at its min, with a reason for the cap', () => {
    const model = compile(`
  s:
    subject: contact
    groups:
      usage:
        max: 25
        rules:
          per_login: { points: 10, per: 1, of: logins }
      quiet:
        min: -5
        rules:
          few: { when: logins < 2, points: -8 }
          none: { when: logins == 0, points: -8 }`)
    const busy = scoreOf(model, logins(4))
    expect(busy.value).toBe(25)
    expect(reason(busy, 'usage cap')).toBe(-15)
    const idle = scoreOf(model, [])
    expect(idle.value).toBe(-5)
    expect(reason(idle, 'quiet cap')).toBe(11)
    expect(sum(busy)).toBe(busy.value)
    expect(sum(idle)).toBe(idle.value)
  })

  it('caps and floors fit and engagement on their own', () => {
    const model = compile(`
  s:
    subject: contact
    groups:
      who:
        category: fit
        rules:
          vp: { when: title contains "VP", points: 25 }
          sales: { when: title contains "Sales", points: 20 }
      what:
        category: engagement
        rules:
          per_login: { points: 10, per: 1, of: logins }
          never_in: { when: logins == 0, points: -30 }
    category_max: { fit: 30, engagement: 35 }
    category_min: { engagement: -10 }`)
    const vp = scoreOf(model, [identify('VP Sales'), ...logins(6)])
    expect(vp.categories).toEqual({ fit: 30, engagement: 35 })
    expect(vp.value).toBe(65)
    expect(reason(vp, 'fit cap')).toBe(-15)
    expect(reason(vp, 'engagement cap')).toBe(-25)
    const idle = scoreOf(model, [identify('Analyst')])
    expect(idle.categories).toEqual({ engagement: -10, fit: 0 })
    expect(idle.value).toBe(-10)
    expect(sum(vp)).toBe(vp.value)
  })

  it('caps the total at its max and floors it at its min', () => {
    const model = compile(`
  s:
    subject: contact
    rules:
      per_login: { points: 10, per: 1, of: logins }
      never_in: { when: logins == 0, points: -30 }
    max: 50
    min: -10`)
    const busy = scoreOf(model, logins(9))
    expect(busy.value).toBe(50)
    expect(reason(busy, 's cap')).toBe(-40)
    expect(scoreOf(model, []).value).toBe(-10)
    expect(sum(busy)).toBe(50)
  })

  it('applies the caps in order: rule, group, category, total', () => {
    const model = compile(`
  s:
    subject: contact
    groups:
      a:
        category: engagement
        max: 30
        rules:
          per_login: { points: 10, per: 1, of: logins, max: 50 }
      b:
        category: engagement
        rules:
          also: { points: 5, per: 1, of: logins, max: 15 }
    category_max: { engagement: 40 }
    max: 35`)
    const result = scoreOf(model, logins(10))
    // rule 100 → 50, group 50 → 30; b 50 → 15; engagement 45 → 40; total 40 → 35
    expect(result.reasons.map((r) => [r.rule, r.points])).toEqual([
      ['per_login', 50],
      ['a cap', -20],
      ['also', 15],
      ['engagement cap', -5],
      ['s cap', -5],
    ])
    expect(result.value).toBe(35)
  })

  it('maps a score onto 0–100 with normalize, clamped at both ends', () => {
    const model = compile(`
  s:
    subject: contact
    rules:
      per_login: { points: 10, per: 1, of: logins }
      never_in: { when: logins == 0, points: -30 }
    normalize: { from: [0, 200] }`)
    expect(scoreOf(model, logins(5)).value).toBe(25)
    expect(scoreOf(model, logins(30)).value).toBe(100)
    expect(scoreOf(model, []).value).toBe(0)
  })
})

describe('decay, each form', () => {
  const decayed = (decay: string, ageMs: number) => {
    const model = compile(`
  s:
    subject: contact
    rules:
      login: { event: Signed In, points: 100, decay: ${decay} }`)
    return scoreOf(model, logins(1, NOW - ageMs)).value
  }

  it('halves points every half-life', () => {
    expect(decayed('{ half_life: 10d }', 0)).toBe(100)
    expect(decayed('{ half_life: 10d }', 10 * DAY)).toBe(50)
    expect(decayed('{ half_life: 10d }', 20 * DAY)).toBe(25)
  })

  it('loses a share per period, continuously or stepwise, down to 0', () => {
    expect(decayed('{ linear: 50%, every: 30d }', 15 * DAY)).toBe(75)
    expect(decayed('{ linear: 50%, every: 30d, stepwise: true }', 15 * DAY)).toBe(100)
    expect(decayed('{ linear: 50%, every: 30d, stepwise: true }', 31 * DAY)).toBe(50)
    expect(decayed('{ linear: 50%, every: 30d }', 90 * DAY)).toBe(0)
  })

  it('falls in a straight line to 0 over a lifespan', () => {
    expect(decayed('{ lifespan: 100d }', 25 * DAY)).toBe(75)
    expect(decayed('{ lifespan: 100d }', 100 * DAY)).toBe(0)
  })

  it('loses a share of what is left per period after a grace, at most a cap', () => {
    expect(decayed('{ geometric: 10%, every: 1d, grace: 5d }', 2 * DAY)).toBe(100)
    expect(decayed('{ geometric: 10%, every: 1d, grace: 5d }', 4 * DAY)).toBe(100)
    // The first share goes when the grace ends, then one more every day: 100 × 0.9³ at 7 days.
    expect(decayed('{ geometric: 10%, every: 1d, grace: 5d }', 7 * DAY)).toBe(73)
    expect(decayed('{ geometric: 10%, every: 1d, grace: 5d, cap: 30% }', 60 * DAY)).toBe(70)
  })

  it('keeps the share a retention schedule names for the age', () => {
    const schedule = '{ retain: [{ after: 10d, keep: 75% }, { after: 20d, keep: 25% }] }'
    expect(decayed(schedule, 5 * DAY)).toBe(100)
    expect(decayed(schedule, 15 * DAY)).toBe(75)
    expect(decayed(schedule, 25 * DAY)).toBe(25)
  })

  it('decays the event rules of a group with the group decay', () => {
    const model = compile(`
  s:
    subject: contact
    groups:
      usage:
        category: engagement
        decay: { half_life: 10d }
        rules:
          login: { event: Signed In, points: 40 }`)
    expect(scoreOf(model, logins(1, NOW - 10 * DAY)).value).toBe(20)
  })
})
