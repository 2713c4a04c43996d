import { describe, expect, it } from 'vitest'
import { checkModelText } from '../load-model.ts'
import { evaluateContact } from './evaluate-entity.ts'
import { formatModelProblem } from './model-problem.ts'

const problemsOf = (text: string) => {
  const checked = checkModelText(text, 'm.yaml')
  return checked.ok ? [] : checked.problems.map(formatModelProblem)
}
const INHERITED = 'a name every JavaScript object already has (constructor, toString, __proto__, …): choose another'

describe('model names every JavaScript object already has', () => {
  it('refuses one as a property, trigger, rule or label name, at the name', () => {
    expect(
      problemsOf(`properties:
  contact:
    constructor: { type: count, event: X }
scores:
  s:
    subject: contact
    rules:
      toString: { points: 1 }
    labels: { valueOf: 10, cold: null }
triggers:
  constructor: { subject: contact, when: s > 1 }
`),
    ).toEqual([
      `m.yaml:3:5 "constructor" is ${INHERITED}`,
      `m.yaml:8:7 "toString" is ${INHERITED}`,
      `m.yaml:9:15 "valueOf" is ${INHERITED}`,
      `m.yaml:11:3 "constructor" is ${INHERITED}`,
    ])
  })

  it('refuses a __proto__ key anywhere, which would otherwise vanish', () => {
    expect(
      problemsOf(`properties: {}
scores:
  s:
    subject: contact
    rules:
      __proto__: { points: 1 }
      plan: { match: s, values: { __proto__: 3 } }
`),
    ).toEqual([
      'm.yaml:6:7 "__proto__" is a name every JavaScript object already has: choose another',
      'm.yaml:7:35 "__proto__" is a name every JavaScript object already has: choose another',
    ])
  })

  it('matches a value named like one only when `values` lists it', () => {
    const checked = checkModelText(
      `properties:
  contact:
    plan: { type: trait, trait: plan }
scores:
  s:
    subject: contact
    rules:
      plan: { match: plan, values: { constructor: 7 }, default: 1 }
`,
      'm.yaml',
    )
    if (!checked.ok) throw new Error(checked.problems.map(formatModelProblem).join('\n'))
    const score = (plan: string) => {
      const state = { props: { plan: { value: plan, atMs: 0 } }, activity: {}, members: {}, triggers: {} }
      return evaluateContact(checked.model, state, {}, 0).scores.s?.value
    }
    expect([score('constructor'), score('toString'), score('__proto__'), score('pro')]).toEqual([7, 1, 1, 1])
  })

  describe('a grid whose joined tier names spell one', () => {
    const grid = (lines: string) => `properties: {}
scores:
  s:
    subject: contact
    normalize: { from: [0, 10] }
    groups:
      who: { category: fit, rules: { all: { points: 1 } } }
      what: { category: engagement, rules: { signed_in: { event: Signed In, points: 1 } } }
    grid:
      fit: { to: 0 }
      engagement: { String: 0 }
${lines}`

    it('gives that cell its text', () => {
      const checked = checkModelText(grid('      cells: { other: A }\n'), 'm.yaml')
      if (!checked.ok) throw new Error(checked.problems.map(formatModelProblem).join('\n'))
      const state = { props: {}, activity: {}, members: {}, triggers: {} }
      expect(evaluateContact(checked.model, state, {}, 0).scores.s?.grid).toBe('toString')
    })

    it('finds no band for it', () => {
      expect(problemsOf(grid('      bands: { A: [0, 100] }\n'))).toEqual([
        'm.yaml:12:14 grade "toString" (cell toString) has no band',
      ])
    })
  })
})
