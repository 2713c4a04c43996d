import type { HubspotProperty } from './hubspot-property.ts'

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/
const EPOCH_MS = /^-?\d+$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/
const DAY_MS = 86_400_000
const MAX_STRING_LENGTH = 65_536

/**
 * Why HubSpot would refuse this value of this property, or undefined when it fits. Values are strings as on the
 * wire; `""` clears and always fits. Checked before sending, so a wrong value becomes a dead letter with a clear
 * reason instead of failing the batch it rides in.
 */
export function valueProblem(property: HubspotProperty, value: string): string | undefined {
  if (value === '') return undefined
  if (property.modificationMetadata?.readOnlyValue === true) return `property ${property.name} is read-only in HubSpot`
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)
  switch (property.type) {
    case 'number':
      return NUMBER.test(value.trim()) && Number.isFinite(Number(value))
        ? undefined
        : `${shown} is not a number (property ${property.name} is a number)`
    case 'bool':
      return value === 'true' || value === 'false'
        ? undefined
        : `${shown} is not true or false (property ${property.name} is a bool)`
    case 'datetime':
      return timeOf(value) === undefined
        ? `${shown} is not a time in ms since the epoch or ISO-8601 (property ${property.name} is a datetime)`
        : undefined
    case 'date': {
      const ms = timeOf(value)
      return ms !== undefined && ms % DAY_MS === 0
        ? undefined
        : `${shown} is not a date at midnight UTC (property ${property.name} is a date)`
    }
    case 'enumeration': {
      const allowed = new Set((property.options ?? []).map((option) => option.value))
      const values = property.fieldType === 'checkbox' ? value.split(';').filter((v) => v !== '') : [value]
      const bad = values.find((v) => !allowed.has(v))
      return bad === undefined ? undefined : `${JSON.stringify(bad)} is not an option of property ${property.name}`
    }
    default:
      return value.length <= MAX_STRING_LENGTH
        ? undefined
        : `the value is ${value.length} characters, over HubSpot's ${MAX_STRING_LENGTH} (property ${property.name})`
  }
}

function timeOf(text: string): number | undefined {
  const trimmed = text.trim()
  if (EPOCH_MS.test(trimmed)) return Number(trimmed)
  if (!ISO_DATE.test(trimmed)) return undefined
  const ms = Date.parse(trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed)
  return Number.isNaN(ms) ? undefined : ms
}
