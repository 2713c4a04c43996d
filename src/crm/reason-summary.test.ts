import { describe, expect, it } from 'vitest'
import type { Event } from '../events/event.ts'
import { checkModelText } from '../load-model.ts'
import { applyEvent, emptyEntityState } from '../properties/entity-state.ts'
import type { CompiledModel, CompiledScore } from '../scoring/compiled-model.ts'
import { evaluateContact } from '../scoring/evaluate-entity.ts'
import type { Reason } from '../scoring/score-result.ts'
import { summarizeReasons } from './reason-summary.ts'

const NOW = Date.parse('2026-11-26T12:00:00Z')

const MODEL = `
properties:
  contact:
    team_members_invited: { type: count, event: Invite Sent }
    job_title: { type: trait, trait: title }
scores:
  usage:
    subject: contact
    rules:
      onboarding: { when: job_title != "x", points: 20 }
      invites: { event: Invite Sent, points: 5, signal: "Invited {team_members_invited} teammates", priority: 90 }
      inactive: { when: job_title == "none", points: -5, priority: 100 }
      title: { when: job_title contains "VP", points: 25, signal: "Title: {job_title}", priority: 10 }
      noisy: { when: job_title != "x", points: 1, signal: false }
      logins: { event: Signed In, within: 7d, frequency: [{ at_least: 1, points: 3 }], signal: "{occurrences} logins" }
`

function compiled(): CompiledModel {
  const checked = checkModelText(MODEL, 'm.yaml')
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  return checked.model
}
const model = compiled()
const usage = model.contactScores[0] as CompiledScore

let n = 0
const event = (type: 'track' | 'identify', fields: Partial<Event>): Event => ({
  type,
  messageId: `m${n++}`,
  userId: 'u',
  properties: {},
  traits: {},
  timestampMs: NOW - 1000,
  receivedAtMs: NOW - 1000,
  ...fields,
})

const summary = (reasons: Reason[], maxLength?: number) =>
  summarizeReasons(usage, { value: 0, label: null, reasons }, maxLength)

describe('summarizeReasons', () => {
  it('puts the signals that raise the score first, each by priority, then by the size of its points', () => {
    const reasons = [
      { rule: 'onboarding', points: 20 },
      { rule: 'title', points: 25, values: { job_title: 'VP' } },
      { rule: 'inactive', points: -5 },
      { rule: 'invites', points: 10, values: { team_members_invited: 2 } },
      { rule: 'usage cap', points: -3 },
    ]
    expect(summary(reasons)).toBe(
      'Invited 2 teammates +10 · Onboarding +20 · Title: VP +25 · Inactive −5 · usage cap −3',
    )
  })

  it('orders signals of one priority by the size of their points', () => {
    const reasons = [
      { rule: 'usage cap', points: -3 },
      { rule: 'onboarding', points: 20 },
      { rule: 'other cap', points: -8 },
    ]
    expect(summary(reasons)).toBe('Onboarding +20 · other cap −8 · usage cap −3')
  })

  it('leaves out a rule with signal: false', () => {
    expect(
      summary([
        { rule: 'noisy', points: 1 },
        { rule: 'onboarding', points: 20 },
      ]),
    ).toBe('Onboarding +20')
  })

  it('cuts a long summary after its last whole signal and says how many are left out', () => {
    const reasons = [
      { rule: 'onboarding', points: 20 },
      { rule: 'title', points: 25, values: { job_title: 'VP' } },
      { rule: 'inactive', points: -5 },
    ]
    expect(summary(reasons, 40)).toBe('Onboarding +20 · Title: VP +25 · +1 more')
    expect(summary(reasons, 40).length).toBeLessThanOrEqual(40)
  })

  it('cuts a single signal longer than the cap', () => {
    const line = summary([{ rule: 'title', points: 25, values: { job_title: 'V'.repeat(2000) } }])
    expect(line).toHaveLength(1000)
    expect(line.endsWith('…')).toBe(true)
  })

  it('shows the values a signal text names, read when the rule is evaluated', () => {
    const contact = emptyEntityState()
    for (const e of [
      event('identify', { traits: { title: 'VP Sales' } }),
      event('track', { event: 'Invite Sent' }),
      event('track', { event: 'Invite Sent' }),
      event('track', { event: 'Invite Sent' }),
      event('track', { event: 'Signed In' }),
      event('track', { event: 'Signed In' }),
    ])
      applyEvent(model.contact, contact, e)
    const result = evaluateContact(model, contact, {}, NOW).scores.usage
    if (result === undefined) throw new Error('no score')
    expect(result.reasons.find((r) => r.rule === 'invites')?.values).toEqual({ team_members_invited: 3 })
    expect(summarizeReasons(usage, result)).toBe(
      'Invited 3 teammates +15 · Onboarding +20 · 2 logins +3 · Title: VP Sales +25',
    )
  })
})
