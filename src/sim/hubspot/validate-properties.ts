import type { CrmState } from './crm-state.ts'
import type { ObjectType } from './object-types.ts'
import type { PropertyProblem } from './property-problems.ts'
import { validatePropertyValue } from './property-value.ts'

export type ValidatedProperties =
  | { ok: true; values: Record<string, string> }
  | { ok: false; problems: PropertyProblem[] }

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * Checks a `properties` object of a write as HubSpot does: every property must exist and be writable and every
 * value must fit its type. Gives the values to store ("" clears) or every problem found.
 */
export function validateProperties(
  state: CrmState,
  type: ObjectType,
  input: Readonly<Record<string, unknown>>,
  isCreate: boolean,
): ValidatedProperties {
  const values: Record<string, string> = {}
  const problems: PropertyProblem[] = []
  for (const [name, raw] of Object.entries(input)) {
    const definition = state.properties.get(type, name)
    if (definition === undefined) {
      problems.push({ name, code: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` })
      continue
    }
    if (definition.readOnlyValue) {
      problems.push({ name, code: 'READ_ONLY_VALUE', message: `Property "${name}" is read-only` })
      continue
    }
    const result = validatePropertyValue(definition, raw)
    if (!result.ok) {
      problems.push({ name, code: result.code, message: result.message })
      continue
    }
    if (type === 'contacts' && name === 'email' && result.value !== '') {
      if (!EMAIL.test(result.value)) {
        problems.push({ name, code: 'INVALID_EMAIL', message: `Email address ${result.value} is invalid` })
        continue
      }
      // HubSpot keeps email addresses in lower case.
      values[name] = result.value.toLowerCase()
      continue
    }
    values[name] = result.value
  }
  if (isCreate && type === 'tasks' && (values.hs_timestamp ?? '') === '') {
    problems.push({ name: 'hs_timestamp', code: 'REQUIRED_FIELD', message: 'hs_timestamp is required for tasks' })
  }
  return problems.length === 0 ? { ok: true, values } : { ok: false, problems }
}
