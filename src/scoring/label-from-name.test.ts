import { describe, expect, it } from 'vitest'
import { labelFromName } from './label-from-name.ts'

describe('labelFromName', () => {
  it.each([
    ['api_calls_last_7_days', 'API calls last 7 days'],
    ['logins_last_7_days', 'Logins last 7 days'],
    ['sso_enabled', 'SSO enabled'],
    ['is_saas_plan', 'Is SaaS plan'],
    ['pql', 'PQL'],
    ['user_ids_seen', 'User IDs seen'],
    ['MRR_band', 'MRR band'],
    ['inactive_4_to_7_days', 'Inactive 4 to 7 days'],
  ])('labels %s as %s', (name, label) => {
    expect(labelFromName(name)).toBe(label)
  })

  it('keeps a name written with capitals and spaces as it is, capitalised', () => {
    expect(labelFromName('demo request (EMEA)')).toBe('Demo request (EMEA)')
  })
})
