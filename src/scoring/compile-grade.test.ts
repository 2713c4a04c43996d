import { describe, expect, it } from 'vitest'
import { checkModelText } from '../load-model.ts'

const model = (grid: string, extra = '') =>
  checkModelText(
    `version: 1
properties:
  contact: { title: { type: trait, trait: title } }
scores:
  grade:
    subject: contact
${extra}    groups:
      fit: { category: fit, rules: { vp: { when: title == "VP", points: 50 } } }
      usage: { category: engagement, rules: { reports: { event: Report Generated, points: 10 } } }
    grid:
      fit: { a: 40, b: null }
      engagement: { '1': 30, '2': null }
${grid}`,
    'm.yaml',
  )

const problemsOf = (checked: ReturnType<typeof model>) =>
  checked.ok ? [] : checked.problems.map((p) => `${p.line}:${p.column} ${p.message}`)

const CELLS = '      cells: { a1: A, a2: B, b1: B, b2: C }\n'

describe('a grid’s within-grade score', () => {
  it('needs a band for every grade the grid gives', () => {
    const checked = model(`${CELLS}      bands: { A: [80, 100], B: [40, 79] }\n      rank_range: [0, 100]\n`)
    expect(problemsOf(checked)).toEqual(['14:14 grade "C" (cell b2) has no band'])
  })

  it('needs a rank range unless the score is normalised or has a min and max', () => {
    const bands = `${CELLS}      bands: { A: [80, 100], B: [40, 79], C: [1, 39] }\n`
    expect(problemsOf(model(bands))).toEqual([
      '11:7 give "rank_range": the range the tie-break is placed in (or normalize the score, or give its min and max)',
    ])
    expect(model(bands, '    normalize: { from: [0, 150] }\n').ok).toBe(true)
    expect(model(bands, '    min: 0\n    max: 150\n').ok).toBe(true)
  })

  it('checks the tie-break and the ranges', () => {
    const checked = model(
      `${CELLS}      bands: { A: [80, 100], B: [40, 79], C: [1, 39] }\n      rank_by: nope\n      rank_range: { A: [0, 100], B: [50, 50] }\n`,
    )
    expect(problemsOf(checked)).toEqual([
      '16:37 rank_range [low, high] needs low < high',
      '16:19 grade "C" has no rank_range',
      '15:16 unknown property or score "nope"',
    ])
  })

  it('refuses rank_by without bands', () => {
    expect(problemsOf(model('      rank_by: title\n'))).toEqual(['13:7 "rank_by" needs "bands"'])
  })
})
