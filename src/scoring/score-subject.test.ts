import { describe, expect, it } from 'vitest'
import { checkModelText } from '../load-model.ts'
import { formatModelProblem } from './model-problem.ts'

const withSubject = (subject: string) =>
  `properties: {}\nscores:\n  s:\n    subject: ${subject}\n    rules:\n      pricing: { event: Pricing Viewed, points: 5 }\n`

describe('the subject of a score', () => {
  it('says why a deal cannot be scored, at the subject', () => {
    const checked = checkModelText(withSubject('deal'), 'm.yaml')
    expect(checked.ok ? [] : checked.problems.map(formatModelProblem)).toEqual([
      'm.yaml:4:14 deal scores are not supported: upscore scores contacts and companies from product events, and receives no deal objects',
    ])
  })

  it('lists the subjects there are for any other unknown one', () => {
    const checked = checkModelText(withSubject('person'), 'm.yaml')
    expect(checked.ok ? [] : checked.problems.map(formatModelProblem)).toEqual([
      'm.yaml:4:14 "person" is not one of contact or company',
    ])
  })
})
