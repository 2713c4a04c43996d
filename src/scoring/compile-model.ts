import type { CompiledProperty, EntityModel } from '../properties/compiled-property.ts'
import { compileProperty, labelFromName } from './compile-properties.ts'
import {
  COMPANY_ID_PROPERTY,
  type CompiledGroup,
  type CompiledModel,
  type CompiledRule,
  type CompiledScore,
  type CrmPropertyDefinition,
} from './compiled-model.ts'
import { type CompiledExpression, compileExpression, type ExpressionScope } from './expression.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { ModelSpec, RuleSpec, ScoreSpec } from './model-schema.ts'

type Path = readonly (string | number)[]

interface Names {
  self: Set<string>
  company: Set<string>
}

function compileChecked(
  source: string,
  scope: ExpressionScope,
  names: Names,
  path: Path,
  problems: ModelProblemAt[],
): CompiledExpression | undefined {
  const compiled = compileExpression(source, scope)
  if (!compiled.ok) {
    problems.push({ path, message: compiled.problem.message, offset: compiled.problem.offset })
    return undefined
  }
  for (const ref of compiled.expression.references) {
    const known = ref.scope === 'company' ? names.company : names.self
    if (!known.has(ref.name)) {
      const what = ref.scope === 'company' ? `company property "${ref.name}"` : `property or score "${ref.name}"`
      const offset = Math.max(0, source.indexOf(ref.name))
      problems.push({ path, message: `unknown ${what}`, offset })
    }
  }
  return compiled.expression
}

function compileRule(
  name: string,
  spec: RuleSpec,
  scope: ExpressionScope,
  names: Names,
  path: Path,
  problems: ModelProblemAt[],
): CompiledRule {
  if (spec.per !== undefined && spec.of === undefined) {
    problems.push({
      path: [...path, 'per'],
      message: '"per" needs "of": the number the points are counted on',
      atKey: true,
    })
  }
  if (spec.max !== undefined && spec.min !== undefined && spec.min > spec.max) {
    problems.push({ path: [...path, 'min'], message: `min ${spec.min} is above max ${spec.max}` })
  }
  return {
    name,
    when: spec.when === undefined ? undefined : compileChecked(spec.when, scope, names, [...path, 'when'], problems),
    points: spec.points,
    per: spec.of === undefined ? undefined : (spec.per ?? 1),
    of: spec.of === undefined ? undefined : compileChecked(spec.of, scope, names, [...path, 'of'], problems),
    max: spec.max,
    min: spec.min,
  }
}

function compileScore(
  name: string,
  spec: ScoreSpec,
  names: Names,
  path: Path,
  problems: ModelProblemAt[],
): CompiledScore {
  const scope: ExpressionScope = spec.subject === 'contact' ? 'contact-with-company' : 'entity'
  const groups: CompiledGroup[] = []
  if (spec.rules !== undefined) {
    const rules = Object.entries(spec.rules).map(([ruleName, rule]) =>
      compileRule(ruleName, rule, scope, names, [...path, 'rules', ruleName], problems),
    )
    groups.push({ name: undefined, category: undefined, max: undefined, min: undefined, rules })
  }
  for (const [groupName, group] of Object.entries(spec.groups ?? {})) {
    const rules = Object.entries(group.rules).map(([ruleName, rule]) =>
      compileRule(ruleName, rule, scope, names, [...path, 'groups', groupName, 'rules', ruleName], problems),
    )
    groups.push({ name: groupName, category: group.category, max: group.max, min: group.min, rules })
  }
  if (groups.length === 0) problems.push({ path, message: `score "${name}" has no rules and no groups` })
  const labels = Object.entries(spec.labels ?? {})
  const fallbacks = labels.filter(([, atLeast]) => atLeast === null)
  if (fallbacks.length > 1) {
    problems.push({ path: [...path, 'labels'], message: 'only one label can have no threshold (null)' })
  }
  return {
    name,
    label: spec.label ?? labelFromName(name),
    subject: spec.subject,
    groups,
    max: spec.max,
    min: spec.min,
    thresholds: labels
      .filter((entry): entry is [string, number] => entry[1] !== null)
      .map(([label, atLeast]) => ({ label, atLeast }))
      .sort((a, b) => b.atLeast - a.atLeast),
    fallbackLabel: fallbacks[0]?.[0] ?? null,
  }
}

function compileEntity(
  entity: 'contact' | 'company',
  specs: ModelSpec['properties']['company'],
  problems: ModelProblemAt[],
): CompiledProperty[] {
  const properties: CompiledProperty[] = []
  const declared = new Set<string>()
  for (const [name, spec] of Object.entries(specs ?? {})) {
    const path = ['properties', entity, name]
    if (entity === 'company' && name === COMPANY_ID_PROPERTY) {
      problems.push({ path, message: `"${COMPANY_ID_PROPERTY}" is upscore's own company property`, atKey: true })
    }
    const property = compileProperty(name, spec, path, problems)
    if (property.source === 'ratio') {
      for (const [key, ref] of [
        ['numerator', property.numerator],
        ['denominator', property.denominator],
      ] as const) {
        if (!declared.has(ref)) {
          problems.push({
            path: [...path, key],
            message: `"${ref}" must be a ${entity} property declared above this one`,
          })
        }
      }
    }
    declared.add(name)
    properties.push(property)
  }
  return properties
}

function crmDefinitions(
  contact: readonly CompiledProperty[],
  company: readonly CompiledProperty[],
  scores: readonly CompiledScore[],
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
  const fromScore = (s: CompiledScore): CrmPropertyDefinition => ({
    objectType: s.subject === 'contact' ? 'contacts' : 'companies',
    name: s.name,
    label: s.label,
    description: 'Lead score computed by upscore from product usage.',
    type: 'number',
  })
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
    ...scores.map(fromScore),
  ]
}

/**
 * Turns a model spec into a model ready to evaluate, checking what the schema alone cannot: names that are used but
 * not declared, windows, expressions, ratios. Returns every problem found, located by path.
 */
export function compileModel(
  spec: ModelSpec,
  version: string,
): { ok: true; model: CompiledModel } | { ok: false; problems: ModelProblemAt[] } {
  const problems: ModelProblemAt[] = []
  const contactProperties = compileEntity('contact', spec.properties.contact, problems)
  const companyProperties = compileEntity('company', spec.properties.company, problems)
  const contactNames = new Set(contactProperties.map((p) => p.name))
  const companyNames = new Set(companyProperties.map((p) => p.name))
  const scores: CompiledScore[] = []
  for (const [name, scoreSpec] of Object.entries(spec.scores)) {
    const path = ['scores', name]
    const own = scoreSpec.subject === 'contact' ? contactNames : companyNames
    if (own.has(name))
      problems.push({ path, message: `score "${name}" has the name of a ${scoreSpec.subject} property`, atKey: true })
    // A score can read the properties of its subject and the scores declared before it (e.g. a combined score).
    const earlier = scores.filter((s) => s.subject === scoreSpec.subject).map((s) => s.name)
    const names: Names = { self: new Set([...own, ...earlier]), company: companyNames }
    scores.push(compileScore(name, scoreSpec, names, path, problems))
  }
  if (problems.length > 0) return { ok: false, problems }
  const activity = companyProperties.filter((p) => p.source === 'active_users')
  const contact: EntityModel = { properties: contactProperties, traitsFrom: 'identify', activity }
  const company: EntityModel = { properties: companyProperties, traitsFrom: 'group', activity: [] }
  return {
    ok: true,
    model: {
      name: spec.name ?? 'model',
      version,
      contact,
      company,
      contactScores: scores.filter((s) => s.subject === 'contact'),
      companyScores: scores.filter((s) => s.subject === 'company'),
      propertyGroup: spec.hubspot?.property_group ?? { name: 'product_usage', label: 'Product usage' },
      crmProperties: crmDefinitions(contactProperties, companyProperties, scores),
    },
  }
}
