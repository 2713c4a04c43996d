import type { Event } from '../events/event.ts'
import type { ActiveUsersProperty, CompiledProperty } from '../properties/compiled-property.ts'
import { countKind } from '../properties/count-kind.ts'
import { distinctKind } from '../properties/distinct-kind.ts'
import { daysSinceKind, milestoneKind } from '../properties/milestone-kind.ts'
import type { PropertyKind } from '../properties/property-kind.ts'
import { traitKind } from '../properties/trait-kind.ts'
import { parseDurationMs } from './duration.ts'
import { compileExpression } from './expression.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { PropertySpec } from './model-schema.ts'

type Path = readonly (string | number)[]

/** `api_calls_last_7_days` → `Api calls last 7 days`. */
export function labelFromName(name: string): string {
  const words = name.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** Reads a (possibly nested, `a.b`) property of an event. */
function eventProperty(event: Event, name: string): unknown {
  let value: unknown = event.properties
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

const truthy = (value: unknown) =>
  value !== undefined && value !== null && value !== false && value !== 0 && value !== ''

/** Which `track` events a property reads: by name (`undefined` = any) and an optional `where` on their properties. */
function compileMatcher(
  names: string | string[] | undefined,
  where: string | undefined,
  path: Path,
  problems: ModelProblemAt[],
): (event: Event) => boolean {
  const wanted = names === undefined ? undefined : new Set(Array.isArray(names) ? names : [names])
  let condition: ((event: Event) => boolean) | undefined
  if (where !== undefined) {
    const compiled = compileExpression(where, 'event')
    if (compiled.ok) {
      const { evaluate } = compiled.expression
      condition = (event) => truthy(evaluate((ref) => eventProperty(event, ref.name)))
    } else {
      problems.push({ path: [...path, 'where'], message: compiled.problem.message, offset: compiled.problem.offset })
    }
  }
  return (event) =>
    event.type === 'track' &&
    (wanted === undefined || wanted.has(event.event ?? '')) &&
    (condition === undefined || condition(event))
}

function windowOf(window: string | undefined, path: Path, problems: ModelProblemAt[]): number | undefined {
  if (window === undefined) return undefined
  const ms = parseDurationMs(window)
  if (ms === undefined) {
    problems.push({ path: [...path, 'window'], message: `"${window}" is not a window: write e.g. 7d, 12h, 30m or 2w` })
  }
  return ms
}

const numericField = (field: string) => (event: Event) => {
  const value = eventProperty(event, field)
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN
  return Number.isFinite(n) ? n : null
}

const textField = (field: string) => (event: Event) => {
  const value = eventProperty(event, field)
  return value === undefined || value === null || value === '' ? null : String(value)
}

/** Compiles one property spec; problems are located under `path`. */
export function compileProperty(
  name: string,
  spec: PropertySpec,
  path: Path,
  problems: ModelProblemAt[],
): CompiledProperty {
  const base = { name, label: spec.label ?? labelFromName(name), description: spec.description }
  switch (spec.type) {
    case 'milestone': {
      const kind = milestoneKind(spec.value ?? 'ever')
      const matches = compileMatcher(spec.event, spec.where, path, problems)
      return { ...base, source: 'events', kind, matches, crmType: kind.crmType }
    }
    case 'days_since': {
      const kind = daysSinceKind(spec.of ?? 'last')
      return {
        ...base,
        source: 'events',
        kind,
        matches: compileMatcher(spec.event, spec.where, path, problems),
        crmType: 'number',
      }
    }
    case 'count':
    case 'sum': {
      const windowMs = windowOf(spec.window, path, problems)
      const kind: PropertyKind = countKind(spec.type === 'sum' ? numericField(spec.field) : () => 1, windowMs)
      return {
        ...base,
        source: 'events',
        kind,
        matches: compileMatcher(spec.event, spec.where, path, problems),
        crmType: 'number',
      }
    }
    case 'distinct': {
      const kind: PropertyKind = distinctKind(textField(spec.field), windowOf(spec.window, path, problems))
      return {
        ...base,
        source: 'events',
        kind,
        matches: compileMatcher(spec.event, spec.where, path, problems),
        crmType: 'number',
      }
    }
    case 'trait': {
      const type = spec.value_type ?? 'string'
      const kind: PropertyKind = traitKind(spec.trait, type)
      return { ...base, source: 'traits', kind, crmType: type }
    }
    case 'ratio':
      return { ...base, source: 'ratio', numerator: spec.numerator, denominator: spec.denominator, crmType: 'number' }
    case 'active_users': {
      const property: ActiveUsersProperty = {
        ...base,
        source: 'active_users',
        matches: compileMatcher(spec.event, spec.where, path, problems),
        windowMs: windowOf(spec.window, path, problems) ?? 30 * 86_400_000,
        crmType: 'number',
      }
      return property
    }
  }
}
