import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkModelText, defaultModelPath } from '../load-model.ts'
import { formatModelProblem } from './model-problem.ts'

const defaultText = readFileSync(defaultModelPath, 'utf8')

/** `model check`'s lines for the default model with one edit. */
function problemsAfter(from: string, to: string): string[] {
  expect(defaultText).toContain(from)
  const checked = checkModelText(defaultText.replace(from, to), 'm.yaml')
  return checked.ok ? [] : checked.problems.map(formatModelProblem)
}

/** The 1-based line of the first line of the default model that starts with `text` (after its indentation). */
function lineOf(text: string): number {
  return defaultText.split('\n').findIndex((line) => line.trimStart().startsWith(text)) + 1
}

describe('model check says each problem in words, at its line, with the name most likely meant', () => {
  it('suggests the key meant by a mistyped one', () => {
    const line = lineOf('window: 7d')
    expect(problemsAfter('      window: 7d\n', '      windw: 7d\n')[0]).toBe(
      `m.yaml:${line}:7 unknown key "windw" in "properties.contact.api_calls_last_7_days": did you mean "window"?`,
    )
  })

  it('suggests the property meant by a mistyped name in a rule', () => {
    const line = lineOf('of: logins_last_7_days')
    expect(problemsAfter('of: logins_last_7_days', 'of: login_last_7_days')).toEqual([
      `m.yaml:${line}:13 unknown property or score "login_last_7_days": did you mean "logins_last_7_days"?`,
    ])
  })

  it('suggests the property type meant, without the schema library’s words', () => {
    const line = lineOf('type: days_since')
    expect(problemsAfter('type: days_since', 'type: day_since')).toEqual([
      `m.yaml:${line}:13 unknown type "day_since": did you mean "days_since"? ` +
        '(the types are milestone, count, sum, distinct, days_since, trait or ratio)',
    ])
  })

  it('says a number is expected when one is written in quotes', () => {
    const line = lineOf('hot: 80')
    expect(problemsAfter('hot: 80', 'hot: "80"')).toEqual([
      `m.yaml:${line}:12 "hot" needs a number: write 80 without quotes`,
    ])
  })

  it('names the over-indented line itself, not the line above it', () => {
    const line = lineOf('event: Invite Sent')
    expect(problemsAfter('      event: Invite Sent', '        event: Invite Sent')).toEqual([
      `m.yaml:${line}:9 this line is indented more than the line above ("type: count"), which already has its value: ` +
        'indent it by 6 spaces like that line',
    ])
  })

  it('lists the keys a section takes when no key is close to the unknown one', () => {
    const [problem] = problemsAfter('      window: 7d\n', '      window: 7d\n      no_such_setting_xyz: 1\n')
    expect(problem).toMatch(
      /unknown key "no_such_setting_xyz" in "[^"]+" \(it takes type, label, description, event, where or window\)$/,
    )
  })

  it('says which setting is missing, and where', () => {
    expect(problemsAfter('      trait: plan\n', '')).toEqual([
      `m.yaml:${lineOf('plan_type:') + 1}:7 "trait" is missing in "properties.company.plan_type"`,
    ])
  })

  it('says a tab, a key given twice and an open quote in plain words', () => {
    expect(
      problemsAfter('      type: count\n      event: Invite Sent', '      type: count\n\tevent: Invite Sent'),
    ).toEqual([`m.yaml:${lineOf('event: Invite Sent')}:1 this line is indented with a tab: YAML takes spaces only`])
    expect(problemsAfter('      event: Invite Sent', '      event: Invite Sent\n      event: Invites')).toEqual([
      `m.yaml:${lineOf('event: Invite Sent') + 1}:7 "event" is given twice in the same section: keep one`,
    ])
    expect(problemsAfter('      event: Invite Sent', '      event: "Invite Sent')).toEqual([
      `m.yaml:${lineOf('event: Invite Sent')}:14 this quote is not closed: end the text with another "`,
    ])
  })

  it.each([
    ['type: count', 'type: 5'],
    ['hot: 80', 'hot: [80]'],
    ['subject: contact', 'subject: contacts'],
    ['points: 20', 'points: lots'],
    ['cold: null', 'cold: { colour: blue }'],
    ['window: 7d', 'window: ""'],
    ['has_completed_onboarding:\n      type: milestone', 'Has_Completed_Onboarding:\n      type: milestone'],
  ])('never answers with the schema library’s words (%s → %s)', (from, to) => {
    const problems = problemsAfter(from, to)
    expect(problems.length).toBeGreaterThan(0)
    for (const problem of problems) expect(problem).not.toMatch(/Invalid|discriminator|received|expected|>=|\|/)
  })
})
