import type { CrmPropertyDefinition } from '../../scoring/compiled-model.ts'

/** HubSpot's data types and field types of properties (the `PropertyCreate` enums). */
export type HubspotPropertyType = 'bool' | 'date' | 'datetime' | 'enumeration' | 'number' | 'phone_number' | 'string'

/** HubSpot's `PropertyCreate`, as far as upscore fills it. */
export interface PropertyCreate {
  name: string
  label: string
  description: string
  groupName: string
  type: HubspotPropertyType
  fieldType: 'booleancheckbox' | 'number' | 'text' | 'date'
  options?: { label: string; value: string; displayOrder: number; hidden: boolean }[]
  hasUniqueValue?: boolean
}

const booleanOptions = [
  { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
  { label: 'No', value: 'false', displayOrder: 1, hidden: false },
]

/**
 * The HubSpot property for one of upscore's CRM properties: bool → `bool`/`booleancheckbox` with true/false
 * options, number → `number`/`number`, string → `string`/`text`, datetime → `datetime`/`date` (HubSpot's valid
 * type/fieldType pairs).
 */
export function toPropertyCreate(definition: CrmPropertyDefinition, groupName: string): PropertyCreate {
  const base = { name: definition.name, label: definition.label, description: definition.description, groupName }
  const unique = definition.hasUniqueValue === true ? { hasUniqueValue: true } : {}
  switch (definition.type) {
    case 'bool':
      return { ...base, type: 'bool', fieldType: 'booleancheckbox', options: booleanOptions, ...unique }
    case 'number':
      return { ...base, type: 'number', fieldType: 'number', ...unique }
    case 'string':
      return { ...base, type: 'string', fieldType: 'text', ...unique }
    case 'datetime':
      return { ...base, type: 'datetime', fieldType: 'date', ...unique }
  }
}
