import type { CompiledProperty, EntityModel } from '../properties/compiled-property.ts'
import { NO_DECAY } from '../properties/decay.ts'
import { occurrencePointsKind } from '../properties/occurrence-points-kind.ts'
import { compileDecay } from './compile-decay.ts'
import { URL_HIT_OPTIONS } from './compile-url-hit.ts'
import type { CompiledBecame, RuleAmount } from './compiled-model.ts'
import type { CompiledExpression } from './expression.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { DecaySpec, RuleSpec } from './model-schema.ts'
import { type ModelCalendar, parseWindow } from './parse-window.ts'

type Path = readonly (string | number)[]

/** Bumped when the shape of a became rule's state changes: it is part of the state's key, so states start again. */
const BECAME_STATE_FORMAT = 1

/** When nothing bounds how long an instant counts (no decay, no window), how far the first evaluation looks back. */
const DEFAULT_LOOKBACK_MS = 365 * 86_400_000

/** A became rule compiled as far as its score can: what it reads is resolved with the whole model. */
export interface BecameDraft extends Omit<CompiledBecame, 'reads' | 'stateKey'> {
  path: Path
  /** Everything in the rule's definition that changes its state. */
  signature: string
}

/** What a score's rule compiler knows, as far as a became rule needs it. */
export interface BecameRuleContext {
  score: string
  calendar: ModelCalendar
  groupDecay: DecaySpec | undefined
  groupPath: Path | undefined
  problems: ModelProblemAt[]
  resetOn: string | string[] | undefined
  /** Where the score's became rules go, to be finished by `finishBecame`. */
  became: BecameDraft[]
}

const NOT_WITH_BECAME = [
  'event',
  'where',
  'url',
  ...URL_HIT_OPTIONS,
  'frequency',
  'points_from',
  'of',
  'per',
  'match',
  'values',
  'default',
] as const

function instant(text: string | undefined, path: Path, problems: ModelProblemAt[]): number | undefined {
  if (text === undefined) return undefined
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) problems.push({ path, message: `"${text}" is not an ISO date or date-time` })
  return Number.isNaN(ms) ? undefined : ms
}

/**
 * A rule `{ became: CONDITION, points, decay }` (its condition compiled and checked by the score): its points are a
 * hidden value of the subject, kept by evaluation.
 */
export function becameRuleAmount(
  name: string,
  spec: RuleSpec,
  when: CompiledExpression | undefined,
  ctx: BecameRuleContext,
  path: Path,
): RuleAmount {
  const { problems } = ctx
  const source = spec.became ?? ''
  for (const key of NOT_WITH_BECAME) {
    if (spec[key] !== undefined)
      problems.push({ path: [...path, key], message: `"${key}" does not go with "became"`, atKey: true })
  }
  if (ctx.resetOn !== undefined) {
    problems.push({
      path: [...path, 'became'],
      message: '"reset_on" does not reset "became" rules: put this rule in a score or group without "reset_on"',
      atKey: true,
    })
  }
  const property = `__became:${ctx.score}:${name}`
  const window = parseWindow(spec.within, ctx.calendar, [...path, 'within'], problems)
  const decaySpec = spec.decay ?? ctx.groupDecay
  const decayPath = spec.decay !== undefined ? [...path, 'decay'] : [...(ctx.groupPath ?? path), 'decay']
  const decay = compileDecay(decaySpec, decayPath, problems)
  const points = spec.points ?? 0
  const once = spec.once ?? false
  const bound = Math.min(decay.horizonMs, window.kind === 'rolling' ? window.ms : Number.POSITIVE_INFINITY)
  if (when !== undefined) {
    ctx.became.push({
      path,
      property,
      when,
      occurrences: occurrencePointsKind({ pointsOf: () => points, window, decay, once, isReset: () => false }),
      points,
      once,
      activeFromMs: instant(spec.active?.from, [...path, 'active', 'from'], problems),
      activeToMs: instant(spec.active?.to, [...path, 'active', 'to'], problems),
      lookbackMs: Number.isFinite(bound) ? bound : DEFAULT_LOOKBACK_MS,
      summable: decay === NO_DECAY && window.kind === 'all' && !once,
      signature: JSON.stringify({
        format: BECAME_STATE_FORMAT,
        became: source,
        points,
        once,
        within: spec.within,
        decay: decaySpec,
        active: spec.active,
        zone: ctx.calendar.zone,
      }),
    })
  }
  return { kind: 'occurrences', property }
}

/** FNV-1a, 32 bits, base 36: a short key that changes with the text. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(36)
}

/** The subject's properties a condition reads, with those its ratios are computed from, in declaration order. */
function propertiesRead(names: Iterable<string>, properties: readonly CompiledProperty[]): CompiledProperty[] {
  const needed = new Set(names)
  // Ratios read properties declared above them: walking backwards adds each one's parts before they are reached.
  for (let i = properties.length - 1; i >= 0; i--) {
    const property = properties[i]
    if (property?.source === 'ratio' && needed.has(property.name)) {
      needed.add(property.numerator)
      needed.add(property.denominator)
    }
  }
  return properties.filter((p) => needed.has(p.name))
}

/**
 * Finishes a subject's became rules: their conditions may read the subject's properties (and a contact its
 * company's), never scores or segments, so that following them through time needs no scoring and makes no cycle.
 */
export function finishBecame(
  drafts: readonly BecameDraft[],
  own: {
    subject: 'contact' | 'company'
    properties: readonly CompiledProperty[]
    traitsFrom: EntityModel['traitsFrom']
  },
  companyProperties: readonly CompiledProperty[],
  problems: ModelProblemAt[],
): CompiledBecame[] {
  return drafts.map(({ path, signature, ...draft }) => {
    const self = new Set<string>()
    for (const ref of draft.when.references) {
      const isCompany = ref.scope === 'company'
      const property = (isCompany ? companyProperties : own.properties).find((p) => p.name === ref.name)
      const what = isCompany ? `company.${ref.name}` : ref.name
      const offset = Math.max(0, draft.when.source.indexOf(what))
      if (property === undefined) {
        const kind = isCompany ? 'a company property' : `a ${own.subject} property`
        problems.push({
          path: [...path, 'became'],
          message: `"became" reads properties only: "${what}" is not ${kind}`,
          offset,
        })
      } else if (property.source === 'rollup' && property.readsScores) {
        problems.push({
          path: [...path, 'became'],
          message: `"became" reads properties only: "${what}" rolls up scores`,
          offset,
        })
      } else if (!isCompany) self.add(ref.name)
    }
    const reads = propertiesRead(self, own.properties)
    const readSignatures = reads.map((p) => p.signature)
    const stateKey = `became:${draft.property.slice('__became:'.length)}:${shortHash(JSON.stringify([signature, readSignatures]))}`
    return { ...draft, stateKey, reads: { properties: reads, traitsFrom: own.traitsFrom, activity: [] } }
  })
}
