import { describe, expect, it } from 'vitest'
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
