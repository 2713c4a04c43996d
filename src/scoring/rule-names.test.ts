import { describe, expect, it } from 'vitest'
import { checkModelText } from '../load-model.ts'
import { formatModelProblem } from './model-problem.ts'

describe('rule names in a score', () => {
  it('refuses one rule name in two groups of a score, at the second', () => {
    const checked = checkModelText(
      `properties: {}
scores:
  s:
    subject: contact
    groups:
      a:
        rules:
          pricing: { event: Pricing Viewed, points: 5 }
      b:
        rules:
          pricing: { event: Pricing Viewed, points: 1, within: 7d }
`,
      'm.yaml',
    )
    expect(checked.ok ? [] : checked.problems.map(formatModelProblem)).toEqual([
      'm.yaml:11:11 rule "pricing" is also in group "a": give it another name',
    ])
  })

  it('lets two scores use the same rule name', () => {
    const rules = `    rules:
      pricing: { event: Pricing Viewed, points: 5 }
`
    const checked = checkModelText(
      `properties: {}\nscores:\n  s:\n    subject: contact\n${rules}  t:\n    subject: contact\n${rules}`,
      'm.yaml',
    )
    expect(checked.ok).toBe(true)
  })
})
