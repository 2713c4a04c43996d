import { describe, expect, it } from 'vitest'
import { crmValuesOf } from '../crm/crm-values.ts'
import { checkModelText } from '../load-model.ts'
import { formatModelProblem } from './model-problem.ts'

const model = (scores: string) => `properties:
  contact:
    title: { type: trait, trait: title }
    usage_tier: { type: trait, trait: tier }
scores:
${scores}`

const SCORE = `  usage:
    subject: contact
    label: Usage
    groups:
      persona: { category: fit, rules: { vp: { when: title contains "VP", points: 50 } } }
    labels: { hot: 40, cold: null }
`

const problemsOf = (text: string) => {
  const checked = checkModelText(text, 'm.yaml')
  return checked.ok ? [] : checked.problems.map(formatModelProblem)
}

describe('a score’s outputs', () => {
  const text = model(`${SCORE}    outputs:
      property: product_usage_score
      label: Product usage score
      description: How much they use the product.
      label_property: product_usage_tier
      fit_property: { name: product_fit, label: Product fit }
`)

  it('names, labels and describes the CRM properties the score writes', () => {
    const checked = checkModelText(text, 'm.yaml')
    if (!checked.ok) throw new Error(checked.problems.map(formatModelProblem).join('\n'))
    const written = checked.model.crmProperties.filter((p) => p.objectType === 'contacts').slice(2)
    expect(written).toEqual([
      {
        objectType: 'contacts',
        name: 'product_usage_score',
        label: 'Product usage score',
        description: 'How much they use the product.',
        type: 'number',
      },
      {
        objectType: 'contacts',
        name: 'product_usage_tier',
        label: 'Product usage score (label)',
        description: 'The label of Product usage score, computed by upscore.',
        type: 'string',
      },
      {
        objectType: 'contacts',
        name: 'product_fit',
        label: 'Product fit',
        description: 'The fit of Product usage score, computed by upscore.',
        type: 'number',
      },
      expect.objectContaining({ name: 'usage_reasons', label: 'Product usage score (reasons)' }),
    ])
  })

  it('writes the values to the names it gives', () => {
    const checked = checkModelText(text, 'm.yaml')
    if (!checked.ok) throw new Error('invalid')
    const result = { value: 50, label: 'hot', reasons: [{ rule: 'vp', points: 50 }], categories: { fit: 50 } }
    expect(crmValuesOf(checked.model, 'contacts', {}, { usage: result })).toEqual({
      title: '',
      usage_tier: '',
      product_usage_score: '50',
      product_usage_tier: 'hot',
      product_fit: '50',
      usage_reasons: 'VP +50',
    })
  })

  it('refuses an output the score does not write', () => {
    expect(problemsOf(model(`${SCORE}    outputs: { grid_property: usage_grid }\n`))).toEqual([
      'm.yaml:12:16 score "usage" writes no grid: it has no grid',
    ])
  })

  it('refuses a name of HubSpot’s own (hs_)', () => {
    expect(problemsOf(model(`${SCORE}    outputs: { property: hs_lead_score }\n`))).toEqual([
      'm.yaml:12:26 "hs_lead_score": names starting with hs_ are HubSpot\'s own properties',
    ])
  })

  it('refuses two outputs with one name across the model, at the later one', () => {
    const second = `  other:
    subject: contact
    rules: { r: { points: 1 } }
    outputs: { property: product_usage_score }
`
    expect(problemsOf(model(`${SCORE}    outputs: { property: product_usage_score }\n${second}`))).toEqual([
      'm.yaml:16:26 score "other" writes contacts property "product_usage_score", which score "usage" writes too',
    ])
  })

  it('refuses an output named like a property', () => {
    expect(problemsOf(model(`${SCORE}    outputs: { label_property: usage_tier }\n`))).toEqual([
      'm.yaml:12:32 the label of score "usage" writes contacts property "usage_tier", which contact property "usage_tier" writes too',
    ])
  })

  it('refuses a derived name that clashes with a property, at the score', () => {
    const text = model(SCORE).replace('usage_tier: { type', 'usage_label: { type')
    expect(problemsOf(text)).toEqual([
      'm.yaml:6:3 the label of score "usage" writes contacts property "usage_label", which contact property "usage_label" writes too',
    ])
  })

  it('refuses a derived name longer than HubSpot takes', () => {
    const long = `s${'x'.repeat(95)}`
    expect(problemsOf(model(SCORE.replace('usage:', `${long}:`)))[0]).toContain(
      `CRM property "${long}_label" of the label of score "${long}" is not a HubSpot internal name`,
    )
  })
})
