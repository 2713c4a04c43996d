import { describe, expect, it } from 'vitest'
import { scoreDelta } from './score-delta.ts'

describe('scoreDelta', () => {
  it('is the new value less the old', () => {
    expect(scoreDelta(20, 5)).toBe(-15)
  })

  it('is the value itself for a first score', () => {
    expect(scoreDelta(null, 35)).toBe(35)
  })

  it('is kept to two decimals, as scores are', () => {
    expect(scoreDelta(0.1, 0.3)).toBe(0.2)
  })
})
