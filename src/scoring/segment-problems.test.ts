import { describe, expect, it } from 'vitest'
import { checkModelText } from '../load-model.ts'
import { formatModelProblem } from './model-problem.ts'

const problemsOf = (text: string) => {
  const checked = checkModelText(text, 'm.yaml')
  return checked.ok ? [] : checked.problems.map(formatModelProblem)
}

describe('model check of segments', () => {
  it('locates unknown segment names in rules, scopes and conditions', () => {
    const text = `properties:
  contact:
    job_title: { type: trait, trait: title }
segments:
  champions: { subject: contact, when: job_title contains "VP" }
scores:
  fit:
    subject: contact
    include_segments: [champions, champs]
    rules:
      champion: { segments: { any: [champion] }, points: 20 }
      in_expression: { when: champion_x, points: 1 }
`
    expect(problemsOf(text).sort()).toEqual([
      'm.yaml:11:37 unknown segment "champion": did you mean "champions"?',
      'm.yaml:12:30 unknown property or score "champion_x": did you mean "champions"?',
      'm.yaml:9:35 unknown segment "champs"',
    ])
  })

  it('says when a segment belongs to the other subject, and how to name a company’s segment', () => {
    const text = `properties:
  company:
    employees: { type: trait, trait: employees, value_type: number }
segments:
  target_accounts: { subject: company, when: employees >= 200 }
  beta: { subject: contact, trait: beta }
scores:
  fit:
    subject: contact
    rules:
      target: { segments: { all: [target_accounts] }, points: 30 }
      beta: { segments: { none: [company.beta] }, points: 5 }
  account:
    subject: company
    rules:
      target: { segments: { all: [company.target_accounts, beta] }, points: 30 }
`
    expect(problemsOf(text)).toEqual([
      'm.yaml:11:35 "target_accounts" is a company segment: write "company.target_accounts"',
      'm.yaml:12:34 "beta" is a contact segment, not a company one: write "beta"',
      'm.yaml:16:35 a company score names its own segments without "company.": write "target_accounts"',
      'm.yaml:16:60 "beta" is a contact segment: a company score can use company segments only',
    ])
  })

  it('finds a segment that reads a score that uses it, and one that reads a score declared after its user', () => {
    const text = `properties:
  contact:
    logins: { type: count, event: Signed In }
segments:
  engaged: { subject: contact, when: logins > 3 and lead_score >= 10 }
  late: { subject: contact, when: later_score > 0 }
scores:
  lead_score:
    subject: contact
    include_segments: [engaged]
    rules: { base: { points: 10 } }
  early:
    subject: contact
    rules: { late: { segments: { any: [late] }, points: 1 } }
  later_score:
    subject: contact
    rules: { base: { points: 1 } }
`
    expect(problemsOf(text)).toEqual([
      'm.yaml:5:53 cycle: score "lead_score" → segment "engaged" → score "lead_score"',
      'm.yaml:6:35 segment "late" reads score "later_score", declared after score "early" that uses the segment: declare "later_score" first',
    ])
  })

  it('finds a cycle through a segment read by name in a rule’s condition', () => {
    const text = `properties: {}
segments:
  big: { subject: company, when: account_score > 50 }
scores:
  account_score:
    subject: company
    rules: { big: { when: big, points: 60 } }
`
    expect(problemsOf(text)).toEqual([
      'm.yaml:3:34 cycle: score "account_score" → segment "big" → score "account_score"',
    ])
  })

  it('finds segments that read each other in a loop', () => {
    const text = `properties:
  contact:
    logins: { type: count, event: Signed In }
segments:
  a: { subject: contact, when: logins > 1 and b }
  b: { subject: contact, when: c or logins > 5 }
  c: { subject: contact, when: a }
  d: { subject: contact, when: d }
scores:
  s: { subject: contact, rules: { x: { when: a, points: 1 } } }
`
    expect(problemsOf(text)).toEqual([
      'm.yaml:5:47 cycle: segment "a" → segment "b" → segment "c" → segment "a"',
      'm.yaml:8:32 cycle: segment "d" → segment "d"',
    ])
  })

  it('finds a contact score that reaches a roll-up of contact scores through a company segment', () => {
    const text = `properties:
  contact:
    logins: { type: count, event: Signed In }
  company:
    best: { type: rollup, of: lead_score, fn: max }
segments:
  hot_account: { subject: company, when: best >= 50 }
scores:
  lead_score:
    subject: contact
    rules:
      base: { points: 1, per: 1, of: logins }
      hot: { segments: { any: [company.hot_account] }, points: 10 }
`
    expect(problemsOf(text)).toEqual([
      'm.yaml:7:42 cycle: score "lead_score" → segment "company.hot_account" → company "best", which rolls up contact scores',
    ])
  })

  it('checks the shape of each segment and that its names are free', () => {
    const text = `properties:
  contact:
    job_title: { type: trait, trait: title }
segments:
  both: { subject: contact, when: job_title == "x", trait: lists }
  neither: { subject: contact }
  loose: { subject: contact, when: job_title == "y", contains: x }
  job_title: { subject: contact, trait: title }
  unknown_read: { subject: contact, when: seniority == "VP" }
  written: { subject: contact, trait: beta, property: job_title }
scores:
  written: { subject: contact, rules: { x: { points: 1 } } }
`
    expect(problemsOf(text)).toEqual([
      'm.yaml:5:53 give "when" or "trait", not both',
      'm.yaml:6:12 a segment needs "when" (a condition) or "trait" (membership from data)',
      'm.yaml:7:54 "contains" needs "trait"',
      'm.yaml:8:3 "job_title" is already a contact property',
      'm.yaml:9:43 unknown property or score "seniority"',
      'm.yaml:10:55 "job_title" is already a contact property, score or segment',
      'm.yaml:12:3 score "written" has the name of a contact segment',
    ])
  })

  it('needs one of all, any or none in a rule’s segments', () => {
    const text = `properties: {}
segments:
  beta: { subject: contact, trait: beta }
scores:
  s: { subject: contact, rules: { x: { segments: {}, points: 1 } } }
`
    expect(problemsOf(text)).toEqual(['m.yaml:5:50 "segments": give all, any or none'])
  })

  it('writes a segment to the CRM as a boolean property only when the model names one', () => {
    const text = `properties: {}
segments:
  beta: { subject: contact, trait: beta, property: in_beta_program }
  target_accounts: { subject: company, trait: lists }
scores:
  s: { subject: contact, include_segments: [beta], rules: { x: { points: 1 } } }
`
    const checked = checkModelText(text, 'm.yaml')
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
    const written = checked.model.crmProperties.filter((p) => p.type === 'bool')
    expect(written).toEqual([
      expect.objectContaining({ objectType: 'contacts', name: 'in_beta_program', type: 'bool' }),
    ])
  })
})
