import { describe, expect, it } from 'vitest'
import { type CompiledGrade, gradeScore } from './grade-score.ts'

const grade: CompiledGrade = {
  bands: {
    A: { band: [90, 100], rankRange: [70, 100] },
    E: { band: [1, 24], rankRange: [0, 100] },
  },
  rankBy: undefined,
}

describe('gradeScore', () => {
  it('places the tie-break inside its grade’s band, in proportion to its place in the rank range', () => {
    expect(gradeScore(grade, 'A', 70)).toBe(90)
    expect(gradeScore(grade, 'A', 85)).toBe(95)
    expect(gradeScore(grade, 'A', 100)).toBe(100)
    expect(gradeScore(grade, 'E', 50)).toBe(13) // 1 + 23 × 0.5 = 12.5
  })

  it('keeps a tie-break outside the rank range at the band’s ends', () => {
    expect(gradeScore(grade, 'A', 40)).toBe(90)
    expect(gradeScore(grade, 'A', 140)).toBe(100)
  })

  it('counts a tie-break that is not a number as the bottom of the range', () => {
    expect(gradeScore(grade, 'A', null)).toBe(90)
  })

  it('gives none without a grade or a band', () => {
    expect(gradeScore(grade, null, 80)).toBeNull()
    expect(gradeScore(grade, 'C', 80)).toBeNull()
  })
})
