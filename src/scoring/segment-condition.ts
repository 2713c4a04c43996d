import type { CompiledExpression, Lookup, Reference } from './expression.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { ScoreSpec, SegmentMembershipSpec } from './model-schema.ts'
import { didYouMean } from './nearest-name.ts'

type Path = readonly (string | number)[]
type Subject = 'contact' | 'company'

/** The names of the model's segments, per subject. */
export interface SegmentNames {
  contact: ReadonlySet<string>
  company: ReadonlySet<string>
}

/** An entry of a segment list as a reference, or why it cannot be one. */
function resolve(entry: string, subject: Subject, segments: SegmentNames): Reference | string {
  if (entry.startsWith('company.')) {
    const name = entry.slice('company.'.length)
    if (subject === 'company') return `a company score names its own segments without "company.": write "${name}"`
    if (segments.company.has(name)) return { scope: 'company', name }
    if (segments.contact.has(name)) return `"${name}" is a contact segment, not a company one: write "${name}"`
    return `unknown company segment "${name}"${didYouMean(name, segments.company)}`
  }
  if (segments[subject].has(entry)) return { scope: 'self', name: entry }
  if (subject === 'contact' && segments.company.has(entry)) {
    return `"${entry}" is a company segment: write "company.${entry}"`
  }
  if (subject === 'company' && segments.contact.has(entry)) {
    return `"${entry}" is a contact segment: a company score can use company segments only`
  }
  return `unknown segment "${entry}"${didYouMean(entry, segments[subject])}`
}

const isIn = (lookup: Lookup, ref: Reference) => lookup(ref) === true

/** In `all`, `any` or `none` of some segments, as a condition; problems are located at each entry of the list. */
function membership(
  entries: readonly string[],
  form: 'all' | 'any' | 'none',
  subject: Subject,
  segments: SegmentNames,
  path: Path,
  problems: ModelProblemAt[],
): CompiledExpression | undefined {
  const references: Reference[] = []
  entries.forEach((entry, index) => {
    const resolved = resolve(entry, subject, segments)
    if (typeof resolved === 'string') problems.push({ path: [...path, index], message: resolved })
    else references.push(resolved)
  })
  if (references.length < entries.length) return undefined
  const source = `in ${form} of [${entries.join(', ')}]`
  const evaluate =
    form === 'all'
      ? (lookup: Lookup) => references.every((ref) => isIn(lookup, ref))
      : form === 'any'
        ? (lookup: Lookup) => references.some((ref) => isIn(lookup, ref))
        : (lookup: Lookup) => !references.some((ref) => isIn(lookup, ref))
  return { source, references, evaluate }
}

/** Every given condition must hold; undefined when none is given. */
export function allOf(conditions: readonly (CompiledExpression | undefined)[]): CompiledExpression | undefined {
  const parts = conditions.filter((c) => c !== undefined)
  if (parts.length <= 1) return parts[0]
  return {
    source: parts.map((p) => `(${p.source})`).join(' and '),
    references: parts.flatMap((p) => p.references),
    evaluate: (lookup) =>
      parts.every((p) => {
        const value = p.evaluate(lookup)
        return value !== undefined && value !== null && value !== false && value !== 0 && value !== ''
      }),
  }
}

const noSegments: SegmentNames = { contact: new Set(), company: new Set() }

/** A rule's `segments:` (HubSpot's SEGMENT_MEMBERSHIP) as one condition: each form given must hold. */
export function membershipCondition(
  spec: SegmentMembershipSpec | undefined,
  subject: Subject,
  segments: SegmentNames = noSegments,
  path: Path,
  problems: ModelProblemAt[],
): CompiledExpression | undefined {
  if (spec === undefined) return undefined
  return allOf(
    (['all', 'any', 'none'] as const).map((form) => {
      const entries = spec[form]
      return entries === undefined ? undefined : membership(entries, form, subject, segments, [...path, form], problems)
    }),
  )
}

/** A score's scope by segments (HubSpot's filterConfiguration): in at least one included, in no excluded one. */
export function scopeCondition(
  spec: Pick<ScoreSpec, 'include_segments' | 'exclude_segments'>,
  subject: Subject,
  segments: SegmentNames = noSegments,
  path: Path,
  problems: ModelProblemAt[],
): CompiledExpression | undefined {
  const { include_segments: include, exclude_segments: exclude } = spec
  return allOf([
    include === undefined
      ? undefined
      : membership(include, 'any', subject, segments, [...path, 'include_segments'], problems),
    exclude === undefined
      ? undefined
      : membership(exclude, 'none', subject, segments, [...path, 'exclude_segments'], problems),
  ])
}
