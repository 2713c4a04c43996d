import type { Event } from '../events/event.ts'
import { numberAt, propertyAt } from '../events/event-property.ts'
import type { ActiveUsersProperty, CompiledProperty, RollupProperty } from '../properties/compiled-property.ts'
import { countKind } from '../properties/count-kind.ts'
import { distinctKind } from '../properties/distinct-kind.ts'
import { daysSinceKind, milestoneKind } from '../properties/milestone-kind.ts'
import type { PropertyKind } from '../properties/property-kind.ts'
import { traitKind } from '../properties/trait-kind.ts'
import { type CompiledExpression, compileExpression } from './expression.ts'
import { labelFromName } from './label-from-name.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { PropertySpec } from './model-schema.ts'
import { didYouMean } from './nearest-name.ts'
import { type ModelCalendar, parseWindow, windowSignature } from './parse-window.ts'

type Path = readonly (string | number)[]

const truthy = (value: unknown) =>
  value !== undefined && value !== null && value !== false && value !== 0 && value !== ''

/** Which `track` events a property reads: by name (`undefined` = any) and an optional `where` on their properties. */
/**
 * How many events a `where` read with a value of another type than it compares with (e.g. `status < 500` on a
 * status of "500"): they do not match, and are counted here per property so the mistake can be seen.
 */
export type TypeMismatches = Map<string, number>

export function compileMatcher(
  names: string | string[] | undefined,
  where: string | undefined,
  path: Path,
  problems: ModelProblemAt[],
  mismatches?: TypeMismatches,
  /** Which calls: tracked events (by name), or Segment `page` calls (any name). */
  callType: 'track' | 'page' = 'track',
): (event: Event) => boolean {
  const wanted = names === undefined ? undefined : new Set(Array.isArray(names) ? names : [names])
  let condition: ((event: Event) => boolean) | undefined
  if (where !== undefined) {
    const key = path.join('.')
    const onTypeMismatch =
      mismatches === undefined ? undefined : () => mismatches.set(key, (mismatches.get(key) ?? 0) + 1)
    const compiled = compileExpression(where, 'event', onTypeMismatch === undefined ? {} : { onTypeMismatch })
    if (compiled.ok) {
      const { evaluate } = compiled.expression
      condition = (event) => truthy(evaluate((ref) => propertyAt(event, ref.name)))
    } else {
      problems.push({ path: [...path, 'where'], message: compiled.problem.message, offset: compiled.problem.offset })
    }
  }
  return (event) =>
    event.type === callType &&
    (wanted === undefined || wanted.has(event.event ?? '')) &&
    (condition === undefined || condition(event))
}

const numericField = (field: string) => (event: Event) => numberAt(event, field)

const textField = (field: string) => (event: Event) => {
  const value = propertyAt(event, field)
  return value === undefined || value === null || value === '' ? null : String(value)
}

/** Compiles one property spec; problems are located under `path`. */
/** What a company roll-up may read: the contact properties and contact scores. */
export interface ContactNames {
  properties: ReadonlySet<string>
  scores: ReadonlySet<string>
}

const truthyValue = (value: unknown) =>
  value !== undefined && value !== null && value !== false && value !== 0 && value !== ''

function compileRollup(
  base: Omit<RollupProperty, 'source' | 'fn' | 'readsScores' | 'contribution' | 'crmType'>,
  spec: Extract<PropertySpec, { type: 'rollup' }>,
  contact: ContactNames,
  path: Path,
  problems: ModelProblemAt[],
): RollupProperty {
  const known = (name: string) => contact.properties.has(name) || contact.scores.has(name)
  if (spec.of === undefined && spec.fn !== 'count')
    problems.push({ path, message: `"${spec.fn}" needs "of": a contact property or score` })
  if (spec.of !== undefined && !known(spec.of)) {
    const suggestion = didYouMean(spec.of, [...contact.properties, ...contact.scores])
    problems.push({ path: [...path, 'of'], message: `unknown contact property or score "${spec.of}"${suggestion}` })
  }
  let where: CompiledExpression | undefined
  if (spec.where !== undefined) {
    const compiled = compileExpression(spec.where, 'entity')
    if (!compiled.ok)
      problems.push({ path: [...path, 'where'], message: compiled.problem.message, offset: compiled.problem.offset })
    else {
      where = compiled.expression
      for (const ref of where.references) {
        if (!known(ref.name)) {
          const offset = Math.max(0, spec.where.indexOf(ref.name))
          problems.push({
            path: [...path, 'where'],
            message: `unknown contact property or score "${ref.name}"${didYouMean(ref.name, [...contact.properties, ...contact.scores])}`,
            offset,
          })
        }
      }
    }
  }
  const reads = [spec.of, ...(where?.references.map((r) => r.name) ?? [])].filter((n) => n !== undefined)
  const of = spec.of
  return {
    ...base,
    source: 'rollup',
    crmType: 'number',
    fn: spec.fn,
    readsScores: reads.some((name) => contact.scores.has(name)),
    contribution: (read) => {
      if (where !== undefined && !truthyValue(where.evaluate((ref) => read(ref.name)))) return undefined
      if (of === undefined) return 1
      const value = read(of)
      if (typeof value === 'number') return value
      if (typeof value === 'boolean') return value ? 1 : 0
      return undefined
    },
  }
}

export function compileProperty(
  name: string,
  spec: PropertySpec,
  calendar: ModelCalendar,
  path: Path,
  problems: ModelProblemAt[],
  contact: ContactNames = { properties: new Set(), scores: new Set() },
  mismatches?: TypeMismatches,
): CompiledProperty {
  const windowOf = (text: string | undefined) => parseWindow(text, calendar, [...path, 'window'], problems)
  const { label, description, ...definition } = spec
  const window = 'window' in spec ? spec.window : undefined
  const signature = JSON.stringify({ ...definition, zone: calendar.zone, ...windowSignature(window, calendar) })
  const base = { name, label: label ?? labelFromName(name), description, signature }
  /** A property of the events a `track` matcher lets through, typed as its kind says. */
  const fromEvents = (
    kind: PropertyKind,
    filter: { event: string | string[]; where?: string | undefined },
  ): CompiledProperty => ({
    ...base,
    source: 'events',
    kind,
    matches: compileMatcher(filter.event, filter.where, path, problems, mismatches),
    crmType: kind.crmType,
  })
  switch (spec.type) {
    case 'milestone':
      return fromEvents(milestoneKind(spec.value ?? 'ever'), spec)
    case 'days_since':
      return fromEvents(daysSinceKind(spec.of ?? 'last'), spec)
    case 'count':
    case 'sum':
      return fromEvents(
        countKind(spec.type === 'sum' ? numericField(spec.field) : () => 1, windowOf(spec.window)),
        spec,
      )
    case 'distinct':
      return fromEvents(distinctKind(textField(spec.field), windowOf(spec.window)), spec)
    case 'trait': {
      const type = spec.value_type ?? 'string'
      const kind: PropertyKind = traitKind(spec.trait, type)
      return { ...base, source: 'traits', kind, crmType: type }
    }
    case 'ratio':
      return { ...base, source: 'ratio', numerator: spec.numerator, denominator: spec.denominator, crmType: 'number' }
    case 'rollup':
      return compileRollup(base, spec, contact, path, problems)
    case 'active_users': {
      const property: ActiveUsersProperty = {
        ...base,
        source: 'active_users',
        matches: compileMatcher(spec.event, spec.where, path, problems, mismatches),
        window: windowOf(spec.window),
        crmType: 'number',
      }
      return property
    }
  }
}
