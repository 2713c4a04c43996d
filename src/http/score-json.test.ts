import { describe, expect, it } from 'vitest'
import { checkModelText } from '../load-model.ts'
import { toScoresJson } from './score-json.ts'

describe('toScoresJson', () => {
  it('shows value, label and reasons', () => {
    const reasons = [{ rule: 'reports', points: 20 }]
    expect(toScoresJson({ s: { value: 20, label: 'warm', reasons, categories: { engagement: 20 } } })).toEqual({
      s: { value: 20, label: 'warm', reasons },
    })
  })

  it('shows the grid cell and the within-grade score of a score with a grid', () => {
    const graded = { value: 178, label: null, reasons: [], grid: 'A', gradeScore: 93 }
    expect(toScoresJson({ lead_grade: graded }).lead_grade).toEqual(graded)
  })
})

describe('toScoresJson with the model in use', () => {
  const checked = checkModelText(
    `properties: {}
scores:
  s:
    subject: contact
    rules: { r: { points: 50 } }
    labels: { hot: { min: 80, color: red }, warm: { min: 40, color: orange }, cold: null }
`,
    'm.yaml',
  )
  if (!checked.ok) throw new Error('invalid')

  it('gives the colour of the score’s label', () => {
    expect(toScoresJson({ s: { value: 50, label: 'warm', reasons: [] } }, checked.model).s).toEqual({
      value: 50,
      label: 'warm',
      color: 'orange',
      reasons: [],
    })
  })

  it('gives no colour to a label the model gives none', () => {
    expect(toScoresJson({ s: { value: 10, label: 'cold', reasons: [] } }, checked.model).s).not.toHaveProperty('color')
  })

  it('gives no colour to a stored label named like an Object.prototype member (from an earlier model)', () => {
    for (const label of Object.getOwnPropertyNames(Object.prototype)) {
      expect(
        Object.keys(toScoresJson({ s: { value: 10, label, reasons: [] } }, checked.model).s ?? {}),
        label,
      ).not.toContain('color')
    }
  })
})
