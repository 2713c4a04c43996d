import type { PropertyDefinition } from './property-definition.ts'

/** A value as it will be stored ("" clears the property), or why HubSpot refuses it. */
export type PropertyValueResult = { ok: true; value: string } | { ok: false; code: string; message: string }

const DAY_MS = 86_400_000
const MAX_STRING_LENGTH = 65_536
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/
const EPOCH_MS = /^-?\d+$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/

/**
 * Checks one value against its property's type, as HubSpot does, and gives the form HubSpot stores and returns:
 * numbers as sent, booleans lower-case, dates as ms-epoch strings at midnight UTC, datetimes as ISO-8601.
 * Values are strings on the wire; a JSON number or boolean is taken as its string, null clears like "".
 * Error codes INVALID_LONG and INVALID_OPTION are HubSpot's; INVALID_DATE's "not midnight!" wording is HubSpot's;
 * INVALID_BOOLEAN, INVALID_DATETIME and INVALID_STRING are the simulator's names where HubSpot's are unverified.
 */
export function validatePropertyValue(definition: PropertyDefinition, raw: unknown): PropertyValueResult {
  if (raw === null) return { ok: true, value: '' }
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    return { ok: false, code: 'INVALID_STRING', message: `${JSON.stringify(raw)} is not a valid property value.` }
  }
  const text = String(raw)
  if (text === '') return { ok: true, value: '' }
  switch (definition.type) {
    case 'number':
      return NUMBER.test(text.trim()) && Number.isFinite(Number(text))
        ? { ok: true, value: text.trim() }
        : { ok: false, code: 'INVALID_LONG', message: `${text} was not a valid long.` }
    case 'bool': {
      const lower = text.toLowerCase()
      return lower === 'true' || lower === 'false'
        ? { ok: true, value: lower }
        : { ok: false, code: 'INVALID_BOOLEAN', message: `${text} was not a valid boolean (true or false).` }
    }
    case 'enumeration':
      return validateOptions(definition, text)
    case 'date':
      return validateDate(text)
    case 'datetime': {
      const ms = parseTime(text)
      return ms === undefined
        ? { ok: false, code: 'INVALID_DATETIME', message: `${text} is not a valid datetime (ms epoch or ISO-8601).` }
        : { ok: true, value: new Date(ms).toISOString() }
    }
    case 'string':
    case 'phone_number':
      return text.length <= MAX_STRING_LENGTH
        ? { ok: true, value: text }
        : {
            ok: false,
            code: 'INVALID_STRING',
            message: `Value is ${text.length} characters, over ${MAX_STRING_LENGTH}.`,
          }
  }
}

function validateOptions(definition: PropertyDefinition, text: string): PropertyValueResult {
  const allowed = new Set(definition.options.map((option) => option.value))
  // Multiple checkboxes hold several options separated by ';'; other enumerations hold exactly one.
  const values = definition.fieldType === 'checkbox' ? text.split(';').filter((v) => v !== '') : [text]
  const bad = values.find((value) => !allowed.has(value))
  if (bad === undefined) return { ok: true, value: values.join(';') }
  const list = definition.options.map((option) => option.value).join(', ')
  return { ok: false, code: 'INVALID_OPTION', message: `${bad} was not one of the allowed options: [${list}]` }
}

function validateDate(text: string): PropertyValueResult {
  const ms = parseTime(text)
  if (ms === undefined) return { ok: false, code: 'INVALID_DATE', message: `${text} is not a valid date.` }
  const intoDay = ((ms % DAY_MS) + DAY_MS) % DAY_MS
  if (intoDay !== 0) {
    const at = new Date(ms)
    const time = `${at.getUTCHours()}:${at.getUTCMinutes()}:${at.getUTCSeconds()}.${at.getUTCMilliseconds()}`
    return { ok: false, code: 'INVALID_DATE', message: `${text} is at ${time} UTC, not midnight!` }
  }
  return { ok: true, value: String(ms) }
}

/** Milliseconds since the epoch from an ms-epoch string or an ISO-8601 date or date-time. */
export function parseTime(text: string): number | undefined {
  const trimmed = text.trim()
  if (EPOCH_MS.test(trimmed)) return Number(trimmed)
  if (!ISO_DATE.test(trimmed)) return undefined
  // HubSpot's times are UTC: a date-time without a zone is read as UTC, not as the machine's local time.
  const zoned =
    trimmed.length === 10 ? `${trimmed}T00:00:00Z` : /Z$|[+-]\d{2}:?\d{2}$/.test(trimmed) ? trimmed : `${trimmed}Z`
  const ms = Date.parse(zoned)
  return Number.isNaN(ms) ? undefined : ms
}
