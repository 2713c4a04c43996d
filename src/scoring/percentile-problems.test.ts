import { describe, expect, it } from 'vitest'
import { checkModelText } from '../load-model.ts'
import { formatModelProblem } from './model-problem.ts'

const modelWith = (labels: string) => `properties:
  contact:
    logins: { type: count, event: Signed In }
scores:
  ltb:
    subject: contact
    rules:
      logins: { points: 1, per: 1, of: logins }
${labels}
`

const problemsOf = (labels: string) => {
  const checked = checkModelText(modelWith(labels), 'm.yaml')
  return checked.ok ? [] : checked.problems.map(formatModelProblem)
}

describe('model check of percentile labels', () => {
  it('accepts MadKudu’s older LTB segments', () => {
    expect(problemsOf('    percentile_labels: { very_high: 1, high: 10, medium: 30, low: null }')).toEqual([])
  })

  it('locates a top percentage that is not above the one before it', () => {
    expect(problemsOf('    percentile_labels: { very_high: 10, high: 10, medium: 5, low: null }')).toEqual([
      'm.yaml:9:47 top 10 % is not above top 10 % of "very_high": list the highest tier first',
      'm.yaml:9:59 top 5 % is not above top 10 % of "high": list the highest tier first',
    ])
  })

  it('locates a top percentage of 0 or above 100', () => {
    expect(problemsOf('    percentile_labels: { top: 0, all: 120 }')).toEqual([
      'm.yaml:9:31 a top percentage is above 0 and at most 100',
      'm.yaml:9:39 a top percentage is above 0 and at most 100',
    ])
  })

  it('allows one rest label only, and needs a tier with a top percentage', () => {
    expect(problemsOf('    percentile_labels: { low: null, none: null }')).toEqual([
      'm.yaml:9:43 only one label can be the rest (null)',
      'm.yaml:9:5 give at least one label a top percentage',
    ])
  })

  it('says that labels by points and by rank do not go together', () => {
    expect(problemsOf('    labels: { hot: 80 }\n    percentile_labels: { top: 10, rest: null }')).toEqual([
      'm.yaml:10:5 "percentile_labels" does not go with "labels": label by points or by rank, not both',
    ])
  })

  it('writes the label of a percentile score to the CRM', () => {
    const checked = checkModelText(modelWith('    percentile_labels: { top: 10, rest: null }'), 'm.yaml')
    if (!checked.ok) throw new Error(checked.problems.map(formatModelProblem).join('\n'))
    expect(checked.model.crmProperties.map((p) => p.name)).toContain('ltb_label')
  })
})
