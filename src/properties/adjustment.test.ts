import { describe, expect, it } from 'vitest'
import { type AdjustedOccurrences, type Adjustment, applyAdjustment } from './adjustment.ts'

const DAY = 86_400_000
const state = (points: [number, number][]): AdjustedOccurrences => ({ points })
const held = (operator: Adjustment['operator'], value = 0): Adjustment => ({ operator, value, holds: true })
const seen = (operator: Adjustment['operator'], value = 0): Adjustment => ({ operator, value, holds: false })

describe('applyAdjustment', () => {
  it('adds plus and minus to the rule that holds the adjustments only', () => {
    const holder = state([])
    applyAdjustment(holder, DAY, held('plus', 5))
    applyAdjustment(holder, 2 * DAY, held('minus', 2))
    expect(holder.points).toEqual([
      [DAY, 5],
      [2 * DAY, -2],
    ])
    const other = state([[0, 10]])
    applyAdjustment(other, DAY, seen('plus', 5))
    expect(other.points).toEqual([[0, 10]])
  })

  it('scales the occurrences stamped before a times or divide, not those after', () => {
    const rule = state([
      [0, 10],
      [3 * DAY, 10],
    ])
    applyAdjustment(rule, DAY, seen('times', 2))
    applyAdjustment(rule, 2 * DAY, seen('divide', 4))
    expect(rule.points).toEqual([
      [0, 5],
      [3 * DAY, 10],
    ])
    expect(rule.scales).toEqual([
      [DAY, 2],
      [2 * DAY, 0.25],
    ])
  })

  it('drops what came before a set and keeps the set value on the holder', () => {
    const rule = state([
      [0, 10],
      [2 * DAY, 10],
    ])
    applyAdjustment(rule, DAY, seen('set', 30))
    expect(rule.points).toEqual([[2 * DAY, 10]])
    const holder = state([[0, 4]])
    applyAdjustment(holder, DAY, held('set', 30))
    expect(holder.points).toEqual([[DAY, 30]])
    applyAdjustment(holder, DAY, held('set', 12))
    expect(holder.points).toEqual([[DAY, 12]])
  })

  it('resets to nothing', () => {
    const holder = state([[0, 4]])
    applyAdjustment(holder, DAY, held('reset'))
    expect(holder).toEqual({ points: [], resetAtMs: DAY - 1 })
  })

  it('ignores a set older than a later one, and a plus from before it', () => {
    const holder = state([])
    applyAdjustment(holder, 2 * DAY, held('set', 20))
    applyAdjustment(holder, DAY, held('set', 50))
    applyAdjustment(holder, DAY, held('plus', 5))
    expect(holder.points).toEqual([[2 * DAY, 20]])
  })

  it('scales a late plus by the times stamped after it', () => {
    const holder = state([])
    applyAdjustment(holder, 2 * DAY, held('times', 3))
    applyAdjustment(holder, DAY, held('plus', 5))
    expect(holder.points).toEqual([[DAY, 15]])
  })
})
