import type { CompiledProperty } from '../properties/compiled-property.ts'
import {
  COMPANY_ID_PROPERTY,
  type CompiledInsight,
  type CompiledScore,
  type CompiledSegment,
  type CompiledTrigger,
  type CrmPropertyDefinition,
  type ScoreOutputKind,
} from './compiled-model.ts'

/** One CRM property a score writes: its value, or what is beside it (label, grid cell, categories, reasons, …). */
export interface ScoreOutput {
  kind: ScoreOutputKind
  name: string
  label: string
  description: string
  type: 'number' | 'string'
}

/**
 * The CRM properties of a score: its value, then its label, grid cell, within-grade score, category values and a
 * one-line summary of reasons. Named `<score>`, `<score>_label`, … unless the model's `outputs` name them.
 */
export function scoreOutputs(score: CompiledScore): ScoreOutput[] {
  const kinds: { kind: ScoreOutputKind; type: 'number' | 'string'; what: string }[] = []
  if (score.thresholds.length > 0 || score.fallbackLabel !== null || score.percentiles !== undefined)
    kinds.push({ kind: 'label', type: 'string', what: 'label' })
  if (score.grid !== undefined) kinds.push({ kind: 'grid', type: 'string', what: 'grid' })
  if (score.grid?.grade !== undefined) kinds.push({ kind: 'grade_score', type: 'number', what: 'grade score' })
  const categories = new Set(score.groups.map((g) => g.category).filter((c) => c !== undefined))
  for (const category of [...categories].sort()) kinds.push({ kind: category, type: 'number', what: category })
  kinds.push({ kind: 'reasons', type: 'string', what: 'reasons' })
  if (score.recentSignals !== undefined) kinds.push({ kind: 'signals', type: 'string', what: 'recent signals' })
  const own = score.outputs?.score
  const label = own?.label ?? score.label
  return [
    {
      kind: 'score',
      name: own?.name ?? score.name,
      label,
      description: own?.description ?? 'Lead score computed by upscore from product usage.',
      type: 'number',
    },
    ...kinds.map(({ kind, type, what }): ScoreOutput => {
      const named = score.outputs?.[kind]
      return {
        kind,
        name: named?.name ?? `${score.name}_${kind}`,
        label: named?.label ?? `${label} (${what})`,
        description: named?.description ?? `The ${what} of ${label}, computed by upscore.`,
        type,
      }
    }),
  ]
}

type Path = readonly (string | number)[]

/** A CRM property, with where the model file gives it its name and what it is (for problems about the name). */
export interface LocatedCrmDefinition {
  definition: CrmPropertyDefinition
  path: Path
  /** Point at the key of `path` (a name derived from it) rather than at a name written as a value. */
  atKey: boolean
  what: string
}

const objectTypeOf = (subject: 'contact' | 'company') => (subject === 'contact' ? 'contacts' : 'companies')

/**
 * Every property upscore writes to the CRM, typed, each with where the model file names it. Hidden properties (event
 * rules' own state) stay inside.
 */
export function locatedCrmDefinitions(
  contact: readonly CompiledProperty[],
  company: readonly CompiledProperty[],
  scores: readonly CompiledScore[],
  triggers: readonly CompiledTrigger[],
  insights: readonly CompiledInsight[],
  segments: readonly CompiledSegment[],
): LocatedCrmDefinition[] {
  const fromProperty =
    (entity: 'contact' | 'company') =>
    (p: CompiledProperty): LocatedCrmDefinition => ({
      definition: {
        objectType: objectTypeOf(entity),
        name: p.name,
        label: p.label,
        description: p.description ?? `Set by upscore from product usage (${p.source}).`,
        type: p.crmType,
      },
      path: ['properties', entity, p.name],
      atKey: true,
      what: `${entity} property "${p.name}"`,
    })
  const fromScore = (s: CompiledScore): LocatedCrmDefinition[] =>
    scoreOutputs(s).map(({ kind, name, label, description, type }) => {
      const isNamed = s.outputs?.[kind]?.name !== undefined
      return {
        definition: { objectType: objectTypeOf(s.subject), name, label, description, type },
        path: isNamed
          ? ['scores', s.name, 'outputs', kind === 'score' ? 'property' : `${kind}_property`]
          : ['scores', s.name],
        atKey: !isNamed,
        what: kind === 'score' ? `score "${s.name}"` : `the ${kind.replace('_', ' ')} of score "${s.name}"`,
      }
    })
  const fromTrigger = (t: CompiledTrigger): LocatedCrmDefinition[] =>
    t.property === undefined
      ? []
      : [
          {
            definition: {
              objectType: objectTypeOf(t.subject),
              name: t.property,
              label: t.property,
              description: `When upscore's trigger "${t.name}" last fired.`,
              type: 'datetime',
            },
            path: ['triggers', t.name, 'property'],
            atKey: false,
            what: `trigger "${t.name}"`,
          },
        ]
  return [
    ...contact.map(fromProperty('contact')),
    ...company.map(fromProperty('company')),
    {
      definition: {
        objectType: 'companies',
        name: COMPANY_ID_PROPERTY,
        label: 'Product account ID',
        description: 'The account (groupId) of this company in the product; set by upscore.',
        type: 'string',
        hasUniqueValue: true,
      },
      path: ['properties', 'company'],
      atKey: true,
      what: "upscore's company id",
    },
    ...scores.flatMap(fromScore),
    ...triggers.flatMap(fromTrigger),
    ...insights.map(
      (i): LocatedCrmDefinition => ({
        definition: {
          objectType: objectTypeOf(i.subject),
          name: i.name,
          label: i.name,
          description: `The highest of ${i.of.join(', ')}, computed by upscore.`,
          type: 'string',
        },
        path: ['insights', i.name],
        atKey: true,
        what: `insight "${i.name}"`,
      }),
    ),
    ...segments.flatMap((s): LocatedCrmDefinition[] =>
      s.property === undefined
        ? []
        : [
            {
              definition: {
                objectType: objectTypeOf(s.subject),
                name: s.property,
                label: s.label,
                description: `Whether the record is in upscore's segment "${s.name}".`,
                type: 'bool',
              },
              path: ['segments', s.name, 'property'],
              atKey: false,
              what: `segment "${s.name}"`,
            },
          ],
    ),
  ]
}
