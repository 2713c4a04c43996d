import { describe, expect, it } from 'vitest'
import type { PropertyDefinition, PropertyType } from './property-definition.ts'
import { validatePropertyValue } from './property-value.ts'

const property = (type: PropertyType, extra: Partial<PropertyDefinition> = {}): PropertyDefinition => ({
  name: 'p',
  label: 'P',
  type,
  fieldType: 'text',
  groupName: 'g',
  description: '',
  options: [],
  displayOrder: 0,
  hasUniqueValue: false,
  hidden: false,
  formField: false,
  hubspotDefined: false,
  readOnlyValue: false,
  createdAt: 0,
  updatedAt: 0,
  archived: false,
  ...extra,
})
const options = (...values: string[]) =>
  values.map((value, displayOrder) => ({ label: value, value, hidden: false, displayOrder }))

describe('validatePropertyValue', () => {
  it('takes "" as clearing a property of any type', () => {
    expect(validatePropertyValue(property('number'), '')).toEqual({ ok: true, value: '' })
  })

  it('takes numbers, decimals included, and refuses other text as INVALID_LONG', () => {
    expect(validatePropertyValue(property('number'), '-1.5')).toEqual({ ok: true, value: '-1.5' })
    expect(validatePropertyValue(property('number'), '12abc')).toMatchObject({ ok: false, code: 'INVALID_LONG' })
  })

  it('takes a JSON number as its string', () => {
    expect(validatePropertyValue(property('number'), 17)).toEqual({ ok: true, value: '17' })
  })

  it('takes booleans in any case and stores them lower-case', () => {
    expect(validatePropertyValue(property('bool'), 'True')).toEqual({ ok: true, value: 'true' })
    expect(validatePropertyValue(property('bool'), 'yes')).toMatchObject({ ok: false })
  })

  it('takes only the options of an enumeration', () => {
    const plan = property('enumeration', { fieldType: 'select', options: options('trial', 'paying') })
    expect(validatePropertyValue(plan, 'trial')).toEqual({ ok: true, value: 'trial' })
    expect(validatePropertyValue(plan, 'Trial')).toMatchObject({ ok: false, code: 'INVALID_OPTION' })
  })

  it('takes several options separated by ";" for multiple checkboxes', () => {
    const tags = property('enumeration', { fieldType: 'checkbox', options: options('a', 'b') })
    expect(validatePropertyValue(tags, 'a;b')).toEqual({ ok: true, value: 'a;b' })
    expect(validatePropertyValue(tags, 'a;c')).toMatchObject({ ok: false, code: 'INVALID_OPTION' })
  })

  it('takes a date at midnight UTC, as ms epoch or ISO date, and stores ms epoch', () => {
    const midnight = String(Date.UTC(2026, 11, 1))
    expect(validatePropertyValue(property('date'), midnight)).toEqual({ ok: true, value: midnight })
    expect(validatePropertyValue(property('date'), '2026-12-01')).toEqual({ ok: true, value: midnight })
  })

  it('refuses a date that is not midnight UTC', () => {
    const result = validatePropertyValue(property('date'), String(Date.UTC(2026, 11, 1, 0, 0, 0, 1)))
    expect(result).toMatchObject({ ok: false, code: 'INVALID_DATE' })
    expect(!result.ok && result.message).toContain('not midnight!')
  })

  it('takes a datetime as ms epoch or ISO-8601 and stores ISO-8601', () => {
    const iso = '2026-11-26T16:28:52.690Z'
    expect(validatePropertyValue(property('datetime'), String(Date.parse(iso)))).toEqual({ ok: true, value: iso })
    expect(validatePropertyValue(property('datetime'), '2026-11-26T16:28:52.690')).toEqual({ ok: true, value: iso })
    expect(validatePropertyValue(property('datetime'), 'yesterday')).toMatchObject({ ok: false })
  })

  it('refuses a string over 65,536 characters', () => {
    expect(validatePropertyValue(property('string'), 'x'.repeat(65_537))).toMatchObject({ ok: false })
  })

  it('refuses objects as values', () => {
    expect(validatePropertyValue(property('string'), { a: 1 })).toMatchObject({ ok: false })
  })
})
