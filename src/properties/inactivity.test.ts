import { describe, expect, it } from 'vitest'
import type { AdjustedOccurrences } from './adjustment.ts'
import { type Inactivity, inactiveFrom, noteActivity, settleInactivity } from './inactivity.ts'

const DAY = 86_400_000
const inactivity = (setTo: number | undefined): Inactivity => ({ afterMs: 30 * DAY, isActivity: () => true, setTo })

describe('inactivity sets', () => {
  it('happen the chosen time after the latest activity', () => {
    const state: AdjustedOccurrences = { points: [] }
    expect(inactiveFrom(state, inactivity(3))).toBeUndefined()
    noteActivity(state, 10 * DAY)
    noteActivity(state, 5 * DAY)
    expect(inactiveFrom(state, inactivity(3))).toBe(40 * DAY)
  })

  it('drop what came before and set the holder, once', () => {
    const rule: AdjustedOccurrences = { points: [[10 * DAY, 5]], lastActivityMs: 10 * DAY }
    settleInactivity(rule, 40 * DAY - 1, inactivity(undefined))
    expect(rule.points).toEqual([[10 * DAY, 5]])
    settleInactivity(rule, 40 * DAY, inactivity(undefined))
    expect(rule.points).toEqual([])
    const holder: AdjustedOccurrences = { points: [], lastActivityMs: 10 * DAY }
    settleInactivity(holder, 50 * DAY, inactivity(3))
    settleInactivity(holder, 60 * DAY, inactivity(3))
    expect(holder.points).toEqual([[40 * DAY, 3]])
    expect(inactiveFrom(holder, inactivity(3))).toBeUndefined()
  })
})
