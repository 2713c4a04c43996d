import { describe, expect, it } from 'vitest'
import { checkModelText } from '../load-model.ts'
import { formatModelProblem } from './model-problem.ts'

const problemsOf = (rules: string) => {
  const text = `properties:
  contact:
    invites: { type: count, event: Invite Sent }
  company:
    industry: { type: trait, trait: industry }
scores:
  s:
    subject: contact
    rules:
${rules}`
  const checked = checkModelText(text, 'm.yaml')
  return checked.ok ? [] : checked.problems.map(formatModelProblem)
}

describe('model check of signal texts and priorities', () => {
  it('takes a text naming the subject’s properties, its company’s, the points and a band rule’s occurrences', () => {
    expect(
      problemsOf(`      a: { event: Invite Sent, points: 5, signal: "Invited {invites} teammates ({ points } points)" }
      b: { match: company.industry, values: { Software: 5 }, signal: "Industry: {company.industry}", priority: 0 }
      c: { event: Signed In, frequency: [{ at_least: 2, points: 5 }], signal: "{occurrences} logins", priority: 100 }
`),
    ).toEqual([])
  })

  it('points at an unknown name inside the text', () => {
    expect(problemsOf(`      a: { event: Invite Sent, points: 5, signal: "Invited {invitez} teammates" }\n`)).toEqual([
      'm.yaml:10:60 the text shows an unknown property or score "invitez": did you mean "invites"?',
    ])
  })

  it('refuses braces that name no value, and occurrences without frequency bands', () => {
    expect(problemsOf(`      a: { event: Invite Sent, points: 5, signal: "{Invites} and {occurrences}" }\n`)).toEqual([
      'm.yaml:10:52 braces name a value: {NAME}, {company.NAME} or {points}',
      'm.yaml:10:66 the text shows an unknown property or score "occurrences"',
    ])
  })

  it('refuses a priority outside 0–100', () => {
    expect(problemsOf(`      a: { event: Invite Sent, points: 5, priority: 101 }\n`)).toHaveLength(1)
  })
})
