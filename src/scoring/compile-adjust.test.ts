import { describe, expect, it } from 'vitest'
import { trackEvent } from '../../test/track-event.ts'
import { checkModelText } from '../load-model.ts'
import { applyEvent, emptyEntityState } from '../properties/entity-state.ts'
import { evaluateContact } from './evaluate-entity.ts'

const DAY = 86_400_000
const NOW = Date.parse('2026-11-26T12:00:00Z')

const model = (score: string, properties = 'contact: {}') =>
  checkModelText(
    `version: 1\nproperties:\n  ${properties}\nscores:\n  engagement:\n    subject: contact\n${score}`,
    'm.yaml',
  )

const problemsOf = (checked: ReturnType<typeof model>) =>
  checked.ok ? [] : checked.problems.map((p) => `${p.line}:${p.column} ${p.message}`)

const track = trackEvent

const GROUPS = `    groups:
      usage:
        category: engagement
        adjust: { event: Adjusted, operator_from: op, value_from: value }
        rules:
          reports: { event: Report Generated, points: 10 }
      fit:
        category: fit
        rules:
          demo: { event: Demo Requested, points: 5 }
    adjust: { event: Score Adjusted, operator_from: op, value_from: value }
`

describe('adjust', () => {
  it('refuses an adjustment without operator or value, with its place in the file', () => {
    const checked = model(`    adjust: { event: Adjusted }\n    rules:\n      a: { event: A, points: 1 }\n`)
    expect(problemsOf(checked)).toEqual([
      '7:13 give "operator" or "operator_from", one of them',
      '7:13 give "value" or "value_from": the number the operator applies',
    ])
  })

  it('needs no value to reset, and refuses to divide by 0', () => {
    expect(
      model(`    adjust: { event: Lost, operator: reset }\n    rules:\n      a: { event: A, points: 1 }\n`).ok,
    ).toBe(true)
    const checked = model(
      `    adjust: { event: X, operator: divide, value: 0 }\n    rules:\n      a: { event: A, points: 1 }\n`,
    )
    expect(problemsOf(checked)).toEqual(['7:50 cannot divide by 0'])
  })

  it('adjusts only its group; the score’s adjustments reach every group', () => {
    const checked = model(GROUPS)
    if (!checked.ok) throw new Error(problemsOf(checked).join('\n'))
    const state = emptyEntityState()
    for (const event of [
      track('Report Generated', NOW - 3 * DAY),
      track('Demo Requested', NOW - 3 * DAY),
      track('Adjusted', NOW - 2 * DAY, { op: 'times', value: 3 }),
      track('Score Adjusted', NOW - DAY, { op: 'times', value: 2 }),
      track('Adjusted', NOW, { op: 'plus', value: 1 }),
    ])
      applyEvent(checked.model.contact, state, event)
    const result = evaluateContact(checked.model, state, {}, NOW).scores.engagement
    expect(result?.categories).toEqual({ engagement: 10 * 3 * 2 + 1, fit: 5 * 2 })
    expect(result?.reasons.map((r) => [r.rule, r.points])).toEqual([
      ['reports', 60],
      ['usage adjustments', 1],
      ['demo', 10],
    ])
  })

  it('sets the whole score: earlier points in every group go, the value is the score’s own part', () => {
    const checked = model(GROUPS)
    if (!checked.ok) throw new Error(problemsOf(checked).join('\n'))
    const state = emptyEntityState()
    for (const event of [
      track('Report Generated', NOW - 3 * DAY),
      track('Adjusted', NOW - 3 * DAY + 1, { op: 'plus', value: 7 }),
      track('Demo Requested', NOW - 3 * DAY),
      track('Score Adjusted', NOW - 2 * DAY, { op: 'set', value: 15 }),
      track('Report Generated', NOW - DAY),
    ])
      applyEvent(checked.model.contact, state, event)
    const result = evaluateContact(checked.model, state, {}, NOW).scores.engagement
    expect(result?.value).toBe(15 + 10)
    expect(result?.categories).toEqual({ engagement: 10, fit: 0 })
  })

  it('counts an event whose operator or value cannot be read, and ignores it', () => {
    const checked = model(GROUPS)
    if (!checked.ok) throw new Error(problemsOf(checked).join('\n'))
    const state = emptyEntityState()
    applyEvent(checked.model.contact, state, track('Report Generated', NOW - DAY))
    applyEvent(checked.model.contact, state, track('Adjusted', NOW, { op: 'double', value: 2 }))
    applyEvent(checked.model.contact, state, track('Adjusted', NOW, { op: 'times', value: 'two' }))
    expect(evaluateContact(checked.model, state, {}, NOW).scores.engagement?.value).toBe(10)
    expect(checked.model.typeMismatches.get('scores.engagement.groups.usage.adjust')).toBe(2)
  })
})

describe('inactivity', () => {
  it('refuses a duration it cannot read and a property that is not a days_since', () => {
    const checked = model(
      `    inactivity: { after: a month, set: 3, of: plan }\n    rules:\n      a: { event: A, points: 1 }\n`,
      'contact: { plan: { type: trait, trait: plan } }',
    )
    expect(problemsOf(checked)).toEqual([
      '7:26 "a month" is not a duration (e.g. 30d, 12w)',
      '7:47 "plan" is not a days_since property (of the last time)',
    ])
  })

  it('reads activity from a days_since property', () => {
    const checked = model(
      `    inactivity: { after: 30d, set: 3, of: days_since_seen }\n    rules:\n      reports: { event: Report Generated, points: 10 }\n`,
      'contact: { days_since_seen: { type: days_since, event: [Signed In, Report Generated] } }',
    )
    if (!checked.ok) throw new Error(problemsOf(checked).join('\n'))
    const state = emptyEntityState()
    applyEvent(checked.model.contact, state, track('Report Generated', NOW - 40 * DAY))
    applyEvent(checked.model.contact, state, track('Signed In', NOW - 20 * DAY))
    const score = (at: number) => evaluateContact(checked.model, state, {}, at).scores.engagement?.value
    expect(score(NOW)).toBe(10)
    expect(score(NOW + 10 * DAY)).toBe(3)
  })
})
