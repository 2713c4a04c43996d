import { describe, expect, it } from 'vitest'
import type { ScoreResult } from './score-result.ts'
import { strongestScore } from './strongest-score.ts'

const scores = (values: Record<string, number>): Record<string, ScoreResult> =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value, label: null, reasons: [] }]))

describe('strongestScore (point insights)', () => {
  it('names the highest score', () => {
    expect(strongestScore(['umbrellas', 'raincoats'], scores({ umbrellas: 3, raincoats: 6 }), undefined)).toBe(
      'raincoats',
    )
  })

  it('gives a tie to the first listed when it had no value', () => {
    expect(strongestScore(['umbrellas', 'raincoats'], scores({ umbrellas: 6, raincoats: 6 }), undefined)).toBe(
      'umbrellas',
    )
    expect(strongestScore(['umbrellas', 'raincoats'], scores({ umbrellas: 6, raincoats: 6 }), null)).toBe('umbrellas')
  })

  it('keeps its value on a tie when that value is one of the tied scores', () => {
    expect(strongestScore(['umbrellas', 'raincoats'], scores({ umbrellas: 6, raincoats: 6 }), 'raincoats')).toBe(
      'raincoats',
    )
  })

  it('does not keep a value that is no longer among the highest', () => {
    const three = scores({ umbrellas: 6, raincoats: 6, boots: 2 })
    expect(strongestScore(['umbrellas', 'raincoats', 'boots'], three, 'boots')).toBe('umbrellas')
  })

  it('has no value when all are 0 or less, whatever it had', () => {
    expect(strongestScore(['umbrellas', 'raincoats'], scores({ umbrellas: 0, raincoats: -2 }), 'umbrellas')).toBeNull()
  })
})
