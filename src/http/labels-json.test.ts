import { describe, expect, it } from 'vitest'
import { checkModelText } from '../load-model.ts'
import { labelsJson } from './labels-json.ts'

const scoreOf = (labels: string) => {
  const text = `properties: {}\nscores:\n  s:\n    subject: contact\n    rules: { r: { points: 1 } }\n    labels: ${labels}\n`
  const checked = checkModelText(text, 'm.yaml')
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  return checked.model.contactScores[0]
}

describe('labelsJson', () => {
  it('lists the labels highest first with their colours, the label below the others last', () => {
    const score = scoreOf('{ warm: 40, hot: { min: 80, color: red }, cold: { color: blue } }')
    expect(score === undefined ? [] : labelsJson(score)).toEqual([
      { label: 'hot', atLeast: 80, color: 'red' },
      { label: 'warm', atLeast: 40 },
      { label: 'cold', atLeast: null, color: 'blue' },
    ])
  })

  it('takes the short form as before', () => {
    const score = scoreOf('{ hot: 80, warm: 40, cold: null }')
    expect(score === undefined ? [] : labelsJson(score)).toEqual([
      { label: 'hot', atLeast: 80 },
      { label: 'warm', atLeast: 40 },
      { label: 'cold', atLeast: null },
    ])
  })
})
