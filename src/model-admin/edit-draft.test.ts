import { describe, expect, it } from 'vitest'
import { checkModelText } from '../load-model.ts'
import { cloneScore } from './edit-draft.ts'

describe('cloneScore', () => {
  it('leaves out the original’s outputs, so the copy writes CRM properties of its own', () => {
    const text = `properties: {}
scores:
  usage:
    subject: contact
    label: Usage
    rules: { r: { points: 1 } }
    outputs: { property: product_usage, reasons_property: product_usage_why }
`
    const edit = cloneScore(text, 'usage', 'usage_v2')
    if (!edit.ok) throw new Error(edit.message)
    const checked = checkModelText(edit.text, 'draft')
    if (!checked.ok) throw new Error(checked.problems.map((p) => p.message).join('\n'))
    expect(checked.model.crmProperties.map((p) => p.name)).toEqual([
      'product_account_id',
      'product_usage',
      'product_usage_why',
      'usage_v2',
      'usage_v2_reasons',
    ])
  })
})
