import { describe, expect, it } from 'vitest'
import type { PercentileTiers } from './compiled-model.ts'
import { cutoffRank, cutoffsMoved, percentileLabel, toHundredths } from './percentile-labels.ts'

const ltb: PercentileTiers = {
  tiers: [
    { label: 'very_high', topPercent: 1 },
    { label: 'high', topPercent: 10 },
    { label: 'medium', topPercent: 30 },
  ],
  fallbackLabel: 'low',
}
const cutoffs = { very_high: 95, high: 70, medium: 40 }

describe('cutoffRank (nearest rank)', () => {
  it('puts the cut-off of the top N % of 100 subjects at rank N', () => {
    expect([1, 7, 10, 30].map((top) => cutoffRank(top, 100))).toEqual([1, 7, 10, 30])
  })

  it('rounds a share of a subject up, so a tier is never empty while there are subjects', () => {
    expect(cutoffRank(10, 101)).toBe(11)
    expect(cutoffRank(1, 5)).toBe(1)
    expect(cutoffRank(0.5, 1000)).toBe(5)
  })

  it('gives rank 1 (the highest subject) even for a tiny share of a few subjects', () => {
    expect(cutoffRank(0.001, 3)).toBe(1)
  })
})

describe('percentileLabel', () => {
  it('gives the highest tier whose cut-off the value reaches', () => {
    expect(percentileLabel(ltb, cutoffs, 99)).toBe('very_high')
    expect(percentileLabel(ltb, cutoffs, 80)).toBe('high')
    expect(percentileLabel(ltb, cutoffs, 41.5)).toBe('medium')
    expect(percentileLabel(ltb, cutoffs, 39.99)).toBe('low')
  })

  it('puts a value equal to a cut-off in the higher tier', () => {
    expect(percentileLabel(ltb, cutoffs, 95)).toBe('very_high')
    expect(percentileLabel(ltb, cutoffs, 70)).toBe('high')
    expect(percentileLabel(ltb, cutoffs, 40)).toBe('medium')
  })

  it('gives the higher tier when two tiers share a cut-off (ties at the top)', () => {
    expect(percentileLabel(ltb, { very_high: 50, high: 50, medium: 10 }, 50)).toBe('very_high')
  })

  it('gives every value the rest label before any cut-off is known (a fresh store)', () => {
    expect(percentileLabel(ltb, undefined, 1000)).toBe('low')
    expect(percentileLabel(ltb, {}, 1000)).toBe('low')
  })

  it('gives no label before any cut-off is known when no label is the rest', () => {
    expect(percentileLabel({ ...ltb, fallbackLabel: null }, undefined, 1000)).toBeNull()
  })

  it('skips a tier that has no cut-off (cut-offs of another set of tiers)', () => {
    expect(percentileLabel(ltb, { high: 70 }, 99)).toBe('high')
  })
})

describe('cut-offs', () => {
  it('move when a tier’s cut-off changes, appears or goes', () => {
    expect(cutoffsMoved(cutoffs, { ...cutoffs })).toBe(false)
    expect(cutoffsMoved(cutoffs, { ...cutoffs, high: 71 })).toBe(true)
    expect(cutoffsMoved(undefined, cutoffs)).toBe(true)
    expect(cutoffsMoved(cutoffs, {})).toBe(true)
  })

  it('are rounded to the hundredths scores are kept to', () => {
    expect(toHundredths(57.129999999999995)).toBe(57.13)
    expect(toHundredths(-0.001)).toBe(0)
  })
})
