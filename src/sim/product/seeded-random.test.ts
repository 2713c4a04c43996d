import { describe, expect, it } from 'vitest'
import { createSeededRandom } from './seeded-random.ts'

describe('createSeededRandom', () => {
  it('replays the same sequence for the same seed', () => {
    const a = createSeededRandom(42)
    const b = createSeededRandom(42)
    expect(Array.from({ length: 20 }, a)).toEqual(Array.from({ length: 20 }, b))
  })

  it('gives a different sequence for another seed', () => {
    const a = createSeededRandom(1)
    const b = createSeededRandom(2)
    expect(Array.from({ length: 5 }, a)).not.toEqual(Array.from({ length: 5 }, b))
  })

  it('stays in [0, 1) and spreads over the interval', () => {
    const random = createSeededRandom(7)
    const values = Array.from({ length: 10_000 }, random)
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true)
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length
    expect(mean).toBeGreaterThan(0.48)
    expect(mean).toBeLessThan(0.52)
  })
})
