import { describe, expect, it } from 'vitest'
import { checkModelText } from '../load-model.ts'
import { formatModelProblem } from './model-problem.ts'

const check = (groups: string, lint = true) => {
  const text = `hubspot: { lint: ${lint} }
properties:
  contact:
    title: { type: trait, trait: title }
scores:
  s:
    subject: contact
    groups:
${groups}`
  const checked = checkModelText(text, 'm.yaml')
  return {
    ok: checked.ok,
    warnings: checked.warnings.map(formatModelProblem),
    problems: checked.ok ? [] : checked.problems.map(formatModelProblem),
  }
}

describe('HubSpot compatibility lints of model check', () => {
  it('says nothing unless the model asks for them', () => {
    const groups = `      product:
        category: engagement
        decay: { linear: 50%, every: 30d }
        rules:
          reports: { event: Report Generated, points: 10, within: 14d }
`
    expect(check(groups, false).warnings).toEqual([])
    expect(check(groups).warnings).toHaveLength(1)
  })

  it('warns of a group with both decay and time frames, at its decay, and keeps the model valid', () => {
    const checked = check(`      product:
        category: engagement
        decay: { linear: 50%, every: 30d }
        rules:
          reports: { event: Report Generated, points: 10, within: 14d }
`)
    expect(checked.ok).toBe(true)
    expect(checked.warnings).toEqual([
      'm.yaml:11:9 warning: HubSpot: a group takes time frames or decay, not both; group "product" has both decay and time frames (within: reports)',
    ])
  })

  it('warns of decay on a fit group and on an event rule of a fit group, instead of refusing them', () => {
    const checked = check(`      persona:
        category: fit
        decay: { half_life: 30d }
        rules:
          vp: { when: title contains "VP", points: 20 }
          visited: { event: Pricing Viewed, points: 5, decay: { lifespan: 90d } }
`)
    expect(checked.ok).toBe(true)
    expect(checked.warnings).toEqual([
      'm.yaml:11:9 warning: HubSpot: fit never decays; "persona" is a fit group',
      'm.yaml:14:56 warning: HubSpot: fit never decays; "persona" is a fit group',
    ])
  })

  it('warns of a group that scores more than one event type, at the group', () => {
    const checked = check(`      product:
        rules:
          reports: { event: Report Generated, points: 10 }
          invites: { event: [Invite Sent, Report Generated], points: 5 }
`)
    expect(checked.warnings).toEqual([
      'm.yaml:9:7 warning: HubSpot: a group scores one event type; group "product" scores 2: Report Generated, Invite Sent',
    ])
  })

  it('warns of a rule with frequency bands and a max, at its max', () => {
    const checked = check(`      logins:
        rules:
          sign_ins: { event: Signed In, within: 7d, max: 5, frequency: [{ at_least: 1, points: 5 }] }
`)
    expect(checked.warnings).toEqual(['m.yaml:11:53 warning: HubSpot: a rule with frequency bands takes no max'])
  })

  it('says nothing of a group HubSpot would take', () => {
    const checked = check(`      pricing:
        category: engagement
        rules:
          viewed: { event: Pricing Viewed, points: 5, within: 14d, max: 20 }
          viewed_often: { event: Pricing Viewed, within: 7d, frequency: [{ at_least: 3, points: 10 }] }
`)
    expect(checked).toEqual({ ok: true, warnings: [], problems: [] })
  })

  it('gives the warnings of a model that has problems too', () => {
    const checked = check(`      product:
        decay: { linear: 50%, every: 30d }
        rules:
          reports: { event: Report Generated, points: 10, within: 14d }
          broken: { when: nope > 1, points: 1 }
`)
    expect(checked.ok).toBe(false)
    expect(checked.problems).toEqual(['m.yaml:13:27 unknown property or score "nope"'])
    expect(checked.warnings).toHaveLength(1)
  })
})
