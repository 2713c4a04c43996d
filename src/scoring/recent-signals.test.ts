import { describe, expect, it } from 'vitest'
import { crmValuesOf } from '../crm/crm-values.ts'
import type { Event } from '../events/event.ts'
import { toScoresJson } from '../http/score-json.ts'
import { checkModelText } from '../load-model.ts'
import { applyEvent, emptyEntityState } from '../properties/entity-state.ts'
import type { CompiledModel } from './compiled-model.ts'
import { evaluateContact } from './evaluate-entity.ts'
import { formatModelProblem } from './model-problem.ts'

const DAY = 86_400_000
const NOW = Date.parse('2026-11-26T12:00:00Z')

const MODEL = `
properties:
  contact:
    title: { type: trait, trait: title }
scores:
  ltb:
    subject: contact
    recent_signals: 3
    rules:
      vp: { when: title contains "VP", points: 10 }
      pricing: { event: Pricing Viewed, points: 9, decay: { lifespan: 90d } }
      reports: { event: Report Generated, points: 2, within: 7d }
      logins: { event: Signed In, within: 30d, frequency: [{ at_least: 1, points: 5 }], label: Logged in }
      heartbeat: { event: Heartbeat, points: 0.1, signal: false }
`

function compiled(): CompiledModel {
  const checked = checkModelText(MODEL, 'm.yaml')
  if (!checked.ok) throw new Error(checked.problems.map(formatModelProblem).join('\n'))
  return checked.model
}
const model = compiled()

let n = 0
const track = (event: string, atMs: number): Event => ({
  type: 'track',
  messageId: `m${n++}`,
  userId: 'u',
  event,
  properties: {},
  traits: {},
  timestampMs: atMs,
  receivedAtMs: atMs,
})

const scored = (...events: Event[]) => {
  const state = emptyEntityState()
  for (const event of events) applyEvent(model.contact, state, event)
  const result = evaluateContact(model, state, {}, NOW).scores.ltb
  if (result === undefined) throw new Error('no score')
  return result
}

describe('recent signals', () => {
  it('lists the latest events the event rules count now, latest first, at most as many as asked', () => {
    const result = scored(
      track('Pricing Viewed', NOW - 2 * DAY),
      track('Signed In', NOW - 1 * DAY),
      track('Report Generated', NOW - 3 * DAY),
      track('Report Generated', NOW - 5 * DAY),
    )
    expect(result.recent).toEqual([
      { rule: 'logins', atMs: NOW - DAY },
      { rule: 'pricing', atMs: NOW - 2 * DAY },
      { rule: 'reports', atMs: NOW - 3 * DAY },
    ])
  })

  it('leaves out events out of their window, decayed away, or of a rule with signal: false', () => {
    const result = scored(
      track('Heartbeat', NOW - 1000),
      track('Report Generated', NOW - 8 * DAY),
      track('Pricing Viewed', NOW - 91 * DAY),
      track('Signed In', NOW - 10 * DAY),
    )
    expect(result.recent).toEqual([{ rule: 'logins', atMs: NOW - 10 * DAY }])
  })

  it('writes them to <score>_signals with their dates, and shows them in the read API', () => {
    const result = scored(track('Pricing Viewed', Date.parse('2026-11-23T09:00:00Z')), track('Signed In', NOW))
    const crm = crmValuesOf(model, 'contacts', {}, { ltb: result })
    expect(crm.ltb_signals).toBe('Logged in (2026-11-26) · Pricing (2026-11-23)')
    expect(model.crmProperties.find((p) => p.name === 'ltb_signals')).toMatchObject({ type: 'string' })
    expect(toScoresJson({ ltb: result }).ltb?.recent).toEqual([
      { rule: 'logins', at: '2026-11-26T12:00:00.000Z' },
      { rule: 'pricing', at: '2026-11-23T09:00:00.000Z' },
    ])
  })

  it('is a problem on a score with no event rules', () => {
    const checked = checkModelText(
      'properties: {}\nscores:\n  s:\n    subject: contact\n    recent_signals: 3\n    rules: { r: { points: 1 } }\n',
      'm.yaml',
    )
    expect(checked.ok ? [] : checked.problems.map(formatModelProblem)).toEqual([
      'm.yaml:5:5 recent_signals needs event rules',
    ])
  })
})
