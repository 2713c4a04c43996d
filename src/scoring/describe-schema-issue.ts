import type { z } from 'zod'
import type { ModelProblemAt } from './model-problem.ts'
import { notInherited } from './model-schema.ts'
import { didYouMean } from './nearest-name.ts'
import { keysAllowedAt } from './schema-keys.ts'

type Issue = z.core.$ZodIssue
type Path = (string | number)[]

/** What a model file gives at `path`. */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

/** The messages zod makes up; any other was written for this schema, in words to keep. */
const isMadeUp = (message: string) => /^(Invalid|Too (small|big)|Unrecognized|Number must|Expected)/.test(message)

/** A value as a person wrote it: `"80"` for a text, `80` for a number, … */
function shown(value: unknown): string {
  if (value === null) return 'nothing (null)'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'settings (key: value lines)'
  return typeof value === 'string' ? `"${value}"` : String(value)
}

const KINDS: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a text',
  boolean: 'true or false',
  object: 'settings under it (key: value lines)',
  array: 'a list',
  null: 'null',
}
const kind = (expected: string) => KINDS[expected] ?? expected

/** The key a problem is about, as the file names it: `"hot"`, or `entry 2 of "event"` in a list. */
function named(path: readonly PropertyKey[]): string {
  const last = path.at(-1)
  if (last === undefined) return 'the model'
  if (typeof last === 'number') return `entry ${last + 1} of "${String(path.at(-2) ?? '')}"`
  return `"${String(last)}"`
}

const list = (items: readonly unknown[]) => {
  const texts = items.map(String)
  return texts.length <= 1 ? texts.join('') : `${texts.slice(0, -1).join(', ')} or ${texts.at(-1)}`
}

/** A text that is a number (`"80"`): the number it means. */
const quotedNumber = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? value.trim() : undefined

/** `"trait" is missing in "properties.contact.plan"`: a setting the section needs. */
function missing(path: readonly PropertyKey[]): string {
  const section = path.slice(0, -1)
  return `${named(path)} is missing ${section.length === 0 ? 'at the top level' : `in "${section.join('.')}"`}`
}

function needs(path: readonly PropertyKey[], expected: readonly string[], value: unknown): string {
  if (value === undefined) return missing(path)
  const number = quotedNumber(value)
  if (number !== undefined && expected.some((e) => e === 'number' || e === 'int')) {
    return `${named(path)} needs a number: write ${number} without quotes`
  }
  return `${named(path)} needs ${list([...new Set(expected.map(kind))])}, not ${shown(value)}`
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>, path: readonly PropertyKey[]): string {
  const minimum = Number(issue.minimum)
  if (issue.origin === 'string') return minimum <= 1 ? `${named(path)} is empty` : `${named(path)} is too short`
  if (issue.origin === 'array') return `${named(path)} needs at least ${minimum} ${minimum === 1 ? 'entry' : 'entries'}`
  return `${named(path)} must be ${issue.inclusive === false ? 'above' : 'at least'} ${minimum}`
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>, path: readonly PropertyKey[]): string {
  const maximum = Number(issue.maximum)
  if (issue.origin === 'string') return `${named(path)} is longer than ${maximum} characters`
  if (issue.origin === 'array') return `${named(path)} has more than ${maximum} entries`
  return `${named(path)} must be ${issue.inclusive === false ? 'below' : 'at most'} ${maximum}`
}

/**
 * What one schema problem of a model file means, in the words of the person who wrote the file (a RevOps person,
 * not a programmer), located at the key or value it is about: an unknown key with the key it most likely meant, an
 * unknown type with the nearest one, a number written in quotes, a missing setting. Some problems give several.
 */
export function describeSchemaIssue(issue: Issue, data: unknown, schema: z.ZodType): ModelProblemAt[] {
  const path = issue.path as Path
  const value = valueAt(data, path)
  const at = (message: string, more: Partial<ModelProblemAt> = {}): ModelProblemAt[] => [{ path, message, ...more }]
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = keysAllowedAt(schema, data, path)
      const where = path.length === 0 ? 'at the top level' : `in "${path.join('.')}"`
      return issue.keys.map((key) => {
        const suggestion = didYouMean(key, allowed)
        const known = suggestion === '' && allowed.length > 0 ? ` (it takes ${list(allowed)})` : ''
        return { path: [...path, key], atKey: true, message: `unknown key "${key}" ${where}${suggestion}${known}` }
      })
    }
    case 'invalid_union': {
      // A discriminated union whose discriminator (`type`) names no form.
      const unmatched = issue as { discriminator?: unknown; options?: unknown[] }
      if (unmatched.discriminator !== undefined) {
        const options = unmatched.options ?? []
        const name = String(unmatched.discriminator)
        if (value === undefined) return at(`${missing(path)}: give one of ${list(options)}`)
        const suggestion = didYouMean(String(value), options.map(String))
        return at(`unknown ${name} ${shown(value)}${suggestion} (the ${name}s are ${list(options)})`)
      }
      return describeUnion(issue, path, value, data, schema)
    }
    case 'invalid_type':
      if (!isMadeUp(issue.message) && value !== undefined)
        return at(`${named(path)} needs ${issue.message}, not ${shown(value)}`)
      return at(needs(path, [issue.expected], value))
    case 'invalid_value': {
      if (!isMadeUp(issue.message)) return at(issue.message)
      const options = issue.values.map(String)
      if (value === undefined) return at(`${missing(path)}: give one of ${list(options)}`)
      return at(`${shown(value)} is not one of ${list(options)}${didYouMean(String(value), options)}`)
    }
    case 'too_small':
      return at(isMadeUp(issue.message) ? tooSmall(issue, path) : `${named(path)} needs ${issue.message}`)
    case 'too_big':
      return at(isMadeUp(issue.message) ? tooBig(issue, path) : `${named(path)} needs ${issue.message}`)
    case 'invalid_format':
      return at(
        isMadeUp(issue.message)
          ? `${named(path)} is not written as expected: ${shown(value)}`
          : `${named(path)} needs ${issue.message}, not ${shown(value)}`,
      )
    case 'invalid_key': {
      const key = String(path.at(-1) ?? '')
      const inner = issue.issues[0]?.message
      if (inner === notInherited) return at(`"${key}" is ${inner}`, { atKey: true })
      const how = inner === undefined || isMadeUp(inner) ? '' : `: use ${inner}`
      const fixed = key.toLowerCase().replace(/[^a-z0-9_]+/g, '_')
      const write = /^[a-z][a-z0-9_]*$/.test(fixed) && fixed !== key ? ` (write "${fixed}")` : ''
      return at(`"${key}" is not a name a model can use${how}${write}`, { atKey: true })
    }
    case 'not_multiple_of':
      return at(`${named(path)} must be a multiple of ${String(issue.divisor)}`)
    default:
      return at(isMadeUp(issue.message) ? `${named(path)} is not valid here` : `${named(path)}: ${issue.message}`)
  }
}

/**
 * A value that fits none of a union's forms. When one form has the value's own shape (settings, a list, or a text
 * that breaks a rule of the text form), its problems are the ones to tell; otherwise the forms are listed.
 */
function describeUnion(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  path: Path,
  value: unknown,
  data: unknown,
  schema: z.ZodType,
): ModelProblemAt[] {
  const forms = issue.errors
  const typeMismatch = (issues: readonly Issue[]) =>
    issues.length > 0 && issues.every((i) => i.path.length === 0 && i.code === 'invalid_type')
  const fitting = forms.find((issues) => issues.length > 0 && !typeMismatch(issues))
  if (fitting !== undefined) {
    return fitting.flatMap((inner) =>
      describeSchemaIssue({ ...inner, path: [...path, ...inner.path] } as Issue, data, schema),
    )
  }
  const expected = forms.flatMap((issues) =>
    issues.flatMap((i) => (i.code === 'invalid_type' ? [(i as { expected: string }).expected] : [])),
  )
  return [{ path, message: needs(path, expected, value) }]
}
