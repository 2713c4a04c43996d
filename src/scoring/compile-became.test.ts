import { describe, expect, it } from 'vitest'
import { checkModelText } from '../load-model.ts'
import { formatModelProblem } from './model-problem.ts'

const problemsOf = (text: string) => {
  const checked = checkModelText(text, 'm.yaml')
  return checked.ok ? [] : checked.problems.map(formatModelProblem)
}

const header = `properties:
  contact:
    logins_last_30d: { type: count, event: Signed In, window: 30d }
  company:
    best_score: { type: rollup, of: ltb, fn: max }
    seats: { type: trait, trait: seats, value_type: number }
scores:
  ltb:
    subject: contact
    rules:
      logins: { event: Signed In, points: 1 }
`

describe('model check of became rules', () => {
  it('accepts a condition over the subject’s properties and its company’s', () => {
    const text = `${header}  aggregated:
    subject: contact
    rules:
      active: { became: "logins_last_30d >= 6 and company.seats > 10", points: 9, decay: { lifespan: 90d } }
`
    expect(problemsOf(text)).toEqual([])
  })

  it('refuses a condition that reads a score, directly or through a roll-up of scores', () => {
    const text = `${header}  aggregated:
    subject: contact
    rules:
      hot: { became: "ltb >= 50", points: 9 }
      best: { became: "company.best_score >= 50", points: 9 }
`
    expect(problemsOf(text)).toEqual([
      'm.yaml:15:23 "became" reads properties only: "ltb" is not a contact property',
      'm.yaml:16:24 "became" reads properties only: "company.best_score" rolls up scores',
    ])
  })

  it('says an unknown name once', () => {
    const text = `${header}  aggregated:
    subject: contact
    rules:
      active: { became: "logins >= 6", points: 9 }
`
    expect(problemsOf(text)).toEqual(['m.yaml:15:26 unknown property or score "logins"'])
  })

  it('refuses options of event rules and a score that resets', () => {
    const text = `${header}  aggregated:
    subject: contact
    reset_on: Deal Lost
    rules:
      banded: { became: "logins_last_30d >= 6", frequency: [{ at_least: 1, points: 2 }] }
      with_event: { became: "logins_last_30d >= 6", event: Signed In, points: 9 }
`
    expect(problemsOf(text)).toEqual([
      'm.yaml:16:49 "frequency" does not go with "became"',
      'm.yaml:16:17 "reset_on" does not reset "became" rules: put this rule in a score or group without "reset_on"',
      'm.yaml:17:21 "became" does not go with "event" or "url"',
    ])
  })
})
