import type { TraitProperty } from '../properties/compiled-property.ts'
import { segmentTraitKind } from '../properties/segment-trait-kind.ts'
import { compileChecked } from './compile-score.ts'
import type { CompiledSegment } from './compiled-model.ts'
import type { CompiledExpression } from './expression.ts'
import { labelFromName } from './label-from-name.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { ModelSpec } from './model-schema.ts'
import type { SegmentNames } from './segment-condition.ts'

type Subject = 'contact' | 'company'
type Names = Record<Subject, ReadonlySet<string>>

export interface CompiledSegments {
  segments: CompiledSegment[]
  names: SegmentNames
  /** Per subject, the hidden trait properties that keep static segments' membership. */
  hidden: Record<Subject, TraitProperty[]>
}

/** A static segment: a hidden property keeps the trait's answer, and the segment reads it. */
function fromTrait(
  name: string,
  trait: string,
  contains: string | undefined,
): { when: CompiledExpression; hidden: TraitProperty } {
  const entry = contains ?? name
  const property = `__segment:${name}`
  const hidden: TraitProperty = {
    name: property,
    hidden: true,
    signature: JSON.stringify({ segment: 'trait', trait, contains: entry }),
    label: property,
    description: undefined,
    crmType: 'bool',
    source: 'traits',
    kind: segmentTraitKind(trait, entry),
  }
  const ref = { scope: 'self', name: property } as const
  return { when: { source: `trait ${trait}`, references: [], evaluate: (lookup) => lookup(ref) === true }, hidden }
}

/**
 * Compiles the `segments:` section. A dynamic segment's condition may read its subject's properties, scores and
 * segments, and for contacts `company.NAME` (company properties and segments); the order and cycles of these reads
 * are checked once the scores are compiled (see `segmentCycles`).
 */
export function compileSegments(
  spec: ModelSpec['segments'],
  properties: Names,
  scores: Names,
  problems: ModelProblemAt[],
): CompiledSegments {
  const entries = Object.entries(spec ?? {})
  const namesOf = (subject: Subject) => new Set(entries.flatMap(([n, s]) => (s.subject === subject ? [n] : [])))
  const names = { contact: namesOf('contact'), company: namesOf('company') }
  const segments: CompiledSegment[] = []
  const hidden: CompiledSegments['hidden'] = { contact: [], company: [] }
  for (const [name, segment] of entries) {
    const path = ['segments', name]
    const { subject } = segment
    if (properties[subject].has(name)) {
      problems.push({ path, message: `"${name}" is already a ${subject} property`, atKey: true })
    }
    if (segment.contains !== undefined && segment.trait === undefined) {
      problems.push({ path: [...path, 'contains'], message: '"contains" needs "trait"', atKey: true })
    }
    const own = new Set([...properties[subject], ...scores[subject], ...names[subject]])
    if (segment.property !== undefined && own.has(segment.property)) {
      problems.push({
        path: [...path, 'property'],
        message: `"${segment.property}" is already a ${subject} property, score or segment`,
      })
    }
    let when: CompiledExpression | undefined
    if (segment.when !== undefined && segment.trait !== undefined) {
      problems.push({ path: [...path, 'trait'], message: 'give "when" or "trait", not both', atKey: true })
    } else if (segment.trait !== undefined) {
      const built = fromTrait(name, segment.trait, segment.contains)
      when = built.when
      hidden[subject].push(built.hidden)
    } else if (segment.when !== undefined) {
      const scope = subject === 'contact' ? 'contact-with-company' : 'entity'
      const company = new Set([...properties.company, ...names.company])
      when = compileChecked(segment.when, scope, { self: own, company }, [...path, 'when'], problems)
    } else {
      problems.push({ path, message: 'a segment needs "when" (a condition) or "trait" (membership from data)' })
    }
    if (when !== undefined) {
      segments.push({ name, label: segment.label ?? labelFromName(name), subject, when, property: segment.property })
    }
  }
  return { segments, names, hidden }
}
