import type { CompiledProperty } from '../properties/compiled-property.ts'
import {
  COMPANY_ID_PROPERTY,
  type CompiledInsight,
  type CompiledScore,
  type CompiledSegment,
  type CompiledTrigger,
  type CrmPropertyDefinition,
} from './compiled-model.ts'

/**
 * The CRM properties beside a score: its label, grid cell, within-grade score, category values and a one-line summary
 * of reasons.
 */
export function scoreOutputs(score: CompiledScore): { suffix: string; type: 'number' | 'string'; label: string }[] {
  const outputs: { suffix: string; type: 'number' | 'string'; label: string }[] = []
  if (score.thresholds.length > 0 || score.fallbackLabel !== null)
    outputs.push({ suffix: '_label', type: 'string', label: 'label' })
  if (score.grid !== undefined) outputs.push({ suffix: '_grid', type: 'string', label: 'grid' })
  if (score.grid?.grade !== undefined) outputs.push({ suffix: '_grade_score', type: 'number', label: 'grade score' })
  const categories = new Set(score.groups.map((g) => g.category).filter((c) => c !== undefined))
  for (const category of [...categories].sort())
    outputs.push({ suffix: `_${category}`, type: 'number', label: category })
  outputs.push({ suffix: '_reasons', type: 'string', label: 'reasons' })
  return outputs
}

/** Every property upscore writes to the CRM, typed. Hidden properties (event rules' own state) stay inside. */
export function crmDefinitions(
  contact: readonly CompiledProperty[],
  company: readonly CompiledProperty[],
  scores: readonly CompiledScore[],
  triggers: readonly CompiledTrigger[],
  insights: readonly CompiledInsight[],
  segments: readonly CompiledSegment[],
): CrmPropertyDefinition[] {
  const fromProperty =
    (objectType: 'contacts' | 'companies') =>
    (p: CompiledProperty): CrmPropertyDefinition => ({
      objectType,
      name: p.name,
      label: p.label,
      description: p.description ?? `Set by upscore from product usage (${p.source}).`,
      type: p.crmType,
    })
  const fromScore = (s: CompiledScore): CrmPropertyDefinition[] => {
    const objectType = s.subject === 'contact' ? 'contacts' : 'companies'
    return [
      {
        objectType,
        name: s.name,
        label: s.label,
        description: 'Lead score computed by upscore from product usage.',
        type: 'number',
      },
      ...scoreOutputs(s).map(
        (output): CrmPropertyDefinition => ({
          objectType,
          name: `${s.name}${output.suffix}`,
          label: `${s.label} (${output.label})`,
          description: `The ${output.label} of ${s.label}, computed by upscore.`,
          type: output.type,
        }),
      ),
    ]
  }
  const fromTrigger = (t: CompiledTrigger): CrmPropertyDefinition[] =>
    t.property === undefined
      ? []
      : [
          {
            objectType: t.subject === 'contact' ? 'contacts' : 'companies',
            name: t.property,
            label: t.property,
            description: `When upscore's trigger "${t.name}" last fired.`,
            type: 'datetime',
          },
        ]
  return [
    ...contact.map(fromProperty('contacts')),
    ...company.map(fromProperty('companies')),
    {
      objectType: 'companies',
      name: COMPANY_ID_PROPERTY,
      label: 'Product account ID',
      description: 'The account (groupId) of this company in the product; set by upscore.',
      type: 'string',
      hasUniqueValue: true,
    },
    ...scores.flatMap(fromScore),
    ...triggers.flatMap(fromTrigger),
    ...insights.map(
      (i): CrmPropertyDefinition => ({
        objectType: i.subject === 'contact' ? 'contacts' : 'companies',
        name: i.name,
        label: i.name,
        description: `The highest of ${i.of.join(', ')}, computed by upscore.`,
        type: 'string',
      }),
    ),
    ...segments.flatMap((s): CrmPropertyDefinition[] =>
      s.property === undefined
        ? []
        : [
            {
              objectType: s.subject === 'contact' ? 'contacts' : 'companies',
              name: s.property,
              label: s.label,
              description: `Whether the record is in upscore's segment "${s.name}".`,
              type: 'bool',
            },
          ],
    ),
  ]
}
