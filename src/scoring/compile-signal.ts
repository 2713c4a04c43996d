import type { SignalText } from './compiled-model.ts'
import type { ExpressionScope, Reference } from './expression.ts'
import type { ModelProblemAt } from './model-problem.ts'
import { didYouMean } from './nearest-name.ts'

type Path = readonly (string | number)[]

/** `{name}` or `{company.name}`, with optional spaces inside the braces. */
const PLACEHOLDER = /\{\s*([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?)\s*\}/g
const BRACES = /\{[^}]*\}?/g

/**
 * A rule's `signal`: whether it is in the summary of reasons, and its display text, whose braces must name a property
 * or score the rule may read (`company.NAME` for a contact's company), `points`, or — with frequency bands —
 * `occurrences`.
 */
export function compileSignal(
  spec: boolean | string | undefined,
  context: {
    scope: ExpressionScope
    names: { self: ReadonlySet<string>; company: ReadonlySet<string> }
    hasBands: boolean
  },
  path: Path,
  problems: ModelProblemAt[],
): { signal: boolean; signalText?: SignalText } {
  if (typeof spec !== 'string') return { signal: spec ?? true }
  const reads: Reference[] = []
  for (const braces of spec.matchAll(BRACES)) {
    const offset = braces.index
    const name = new RegExp(`^${PLACEHOLDER.source}$`).exec(braces[0])?.[1]
    if (name === undefined) {
      problems.push({ path, offset, message: 'braces name a value: {NAME}, {company.NAME} or {points}' })
      continue
    }
    if (name === 'points' || (name === 'occurrences' && context.hasBands)) continue
    const [first, second] = name.split('.') as [string, string | undefined]
    const ref: Reference = second === undefined ? { scope: 'self', name: first } : { scope: 'company', name: second }
    const isCompany = second !== undefined
    const known = isCompany
      ? first === 'company' && context.scope === 'contact-with-company' && context.names.company.has(second)
      : context.names.self.has(first)
    if (!known) {
      const what = isCompany ? `company property "${second}"` : `property or score "${first}"`
      const suggestion = isCompany ? didYouMean(second, context.names.company) : didYouMean(first, context.names.self)
      problems.push({ path, offset, message: `the text shows an unknown ${what}${suggestion}` })
      continue
    }
    if (!reads.some((r) => r.scope === ref.scope && r.name === ref.name)) reads.push(ref)
  }
  return { signal: true, signalText: { template: spec, reads } }
}
