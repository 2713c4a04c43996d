import type { CompiledProperty, EntityModel, EventProperty } from '../properties/compiled-property.ts'
import { type BecameDraft, finishBecame } from './compile-became.ts'
import { withOutputs } from './compile-outputs.ts'
import { type ContactNames, compileProperty, type TypeMismatches } from './compile-properties.ts'
import { compileChecked, compileScore } from './compile-score.ts'
import { compileSegments } from './compile-segments.ts'
import {
  COMPANY_ID_PROPERTY,
  type CompiledInsight,
  type CompiledModel,
  type CompiledScore,
  type CompiledTrigger,
  type CrmPropertyDefinition,
} from './compiled-model.ts'
import { locatedCrmDefinitions } from './crm-definitions.ts'
import { crmNameProblems } from './crm-name-problems.ts'
import { daysSinceMatchers } from './days-since-activity.ts'
import { becameReadsFrom } from './evaluate-became.ts'
import { isValidZone } from './is-valid-zone.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { ModelSpec } from './model-schema.ts'
import { didYouMean } from './nearest-name.ts'
import type { ModelCalendar } from './parse-window.ts'
import type { ScoreNames } from './rule-context.ts'
import { segmentCycles } from './segment-cycles.ts'

function compileEntity(
  entity: 'contact' | 'company',
  calendar: ModelCalendar,
  specs: ModelSpec['properties']['company'],
  problems: ModelProblemAt[],
  mismatches: TypeMismatches,
  contactNames?: ContactNames,
): CompiledProperty[] {
  const properties: CompiledProperty[] = []
  const declared = new Set<string>()
  for (const [name, spec] of Object.entries(specs ?? {})) {
    const path = ['properties', entity, name]
    if (entity === 'company' && name === COMPANY_ID_PROPERTY) {
      problems.push({ path, message: `"${COMPANY_ID_PROPERTY}" is upscore's own company property`, atKey: true })
    }
    if (entity === 'contact' && (spec.type === 'active_users' || spec.type === 'rollup')) {
      problems.push({ path: [...path, 'type'], message: `${spec.type} is a company property` })
    }
    const property = compileProperty(name, spec, calendar, path, problems, contactNames, mismatches)
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

function compileInsights(
  spec: ModelSpec,
  names: { contact: Set<string>; company: Set<string> },
  scoreNames: Set<string>,
  problems: ModelProblemAt[],
) {
  const insights: CompiledInsight[] = []
  for (const [name, insight] of Object.entries(spec.insights ?? {})) {
    const path = ['insights', name]
    insight.of.forEach((score, i) => {
      if (!scoreNames.has(`${insight.subject}:${score}`)) {
        const prefix = `${insight.subject}:`
        const scores = [...scoreNames].filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length))
        const message = `"${score}" is not a ${insight.subject} score${didYouMean(score, scores)}`
        problems.push({ path: [...path, 'of', i], message })
      }
    })
    if (names[insight.subject].has(name)) {
      problems.push({ path, message: `"${name}" is already a ${insight.subject} property or score`, atKey: true })
    }
    insights.push({ name, subject: insight.subject, of: insight.of })
  }
  return insights
}

function compileTriggers(
  spec: ModelSpec,
  names: { contact: Set<string>; company: Set<string> },
  problems: ModelProblemAt[],
) {
  const triggers: CompiledTrigger[] = []
  for (const [name, trigger] of Object.entries(spec.triggers ?? {})) {
    const path = ['triggers', name]
    const scoreNames: ScoreNames = { self: names[trigger.subject], company: names.company }
    const scope = trigger.subject === 'contact' ? 'contact-with-company' : 'entity'
    const when = compileChecked(trigger.when, scope, scoreNames, [...path, 'when'], problems)
    if (trigger.property !== undefined && names[trigger.subject].has(trigger.property)) {
      problems.push({
        path: [...path, 'property'],
        message: `"${trigger.property}" is already a ${trigger.subject} property or score`,
      })
    }
    const instant = (text: string | undefined, key: 'from' | 'to') => {
      if (text === undefined) return undefined
      const ms = Date.parse(text)
      if (Number.isNaN(ms)) {
        problems.push({ path: [...path, 'active', key], message: `"${text}" is not an ISO date or date-time` })
      }
      return Number.isNaN(ms) ? undefined : ms
    }
    const activeFromMs = instant(trigger.active?.from, 'from')
    const activeToMs = instant(trigger.active?.to, 'to')
    if (when !== undefined) {
      triggers.push({
        name,
        subject: trigger.subject,
        when,
        rearm: trigger.rearm ?? 'once',
        property: trigger.property,
        activeFromMs,
        activeToMs,
      })
    }
  }
  return triggers
}

/**
 * A contact score may read a company property, and a company roll-up may read contact scores, but not both ways:
 * a roll-up of contact scores that a contact score reads would make the score depend on itself.
 */
function rollupCycles(scores: readonly CompiledScore[], company: readonly CompiledProperty[]): ModelProblemAt[] {
  const onScores = new Set(company.filter((p) => p.source === 'rollup' && p.readsScores).map((p) => p.name))
  const problems: ModelProblemAt[] = []
  for (const score of scores) {
    if (score.subject !== 'contact') continue
    for (const group of score.groups) {
      for (const rule of group.rules) {
        const refs = [rule.when, rule.amount.kind === 'per' ? rule.amount.of : undefined].flatMap(
          (e) => e?.references ?? [],
        )
        for (const ref of refs) {
          if (ref.scope === 'company' && onScores.has(ref.name)) {
            problems.push({
              path: ['properties', 'company', ref.name],
              message: `cycle: company "${ref.name}" rolls up contact scores, and contact score "${score.name}" (rule "${rule.name}") reads it`,
              atKey: true,
            })
          }
        }
      }
    }
  }
  return problems
}

/**
 * Turns a model spec into a model ready to evaluate, checking what the schema alone cannot: names that are used but
 * not declared, windows, expressions, decays, ratios. Returns every problem found, located by path.
 */
export function compileModel(
  spec: ModelSpec,
  version: string,
): { ok: true; model: CompiledModel } | { ok: false; problems: ModelProblemAt[] } {
  const problems: ModelProblemAt[] = []
  const mismatches: TypeMismatches = new Map()
  const zone = spec.timezone ?? 'UTC'
  if (!isValidZone(zone)) {
    problems.push({
      path: ['timezone'],
      message: `unknown time zone "${zone}" (use an IANA name such as Europe/Paris)`,
    })
  }
  const calendar: ModelCalendar = { zone, fiscalYearStartMonth: spec.fiscal_year_start ?? 1 }
  const contactProperties = compileEntity('contact', calendar, spec.properties.contact, problems, mismatches)
  const contactScoreNames = new Set(
    Object.entries(spec.scores).flatMap(([name, s]) => (s.subject === 'contact' && s.active !== false ? [name] : [])),
  )
  const companyProperties = compileEntity('company', calendar, spec.properties.company, problems, mismatches, {
    properties: new Set(contactProperties.map((p) => p.name)),
    scores: contactScoreNames,
  })
  const names = {
    contact: new Set(contactProperties.map((p) => p.name)),
    company: new Set(companyProperties.map((p) => p.name)),
  }
  const companyScoreNames = new Set(
    Object.entries(spec.scores).flatMap(([name, s]) => (s.subject === 'company' && s.active !== false ? [name] : [])),
  )
  const scoreNamesBySubject = { contact: contactScoreNames, company: companyScoreNames }
  const segments = compileSegments(spec.segments, names, scoreNamesBySubject, problems)
  // Segments are read by name, like properties, by the scores, triggers and insights below.
  for (const subject of ['contact', 'company'] as const) for (const n of segments.names[subject]) names[subject].add(n)
  const scores: CompiledScore[] = []
  const inactiveScores: string[] = []
  const hidden: Record<'contact' | 'company', EventProperty[]> = { contact: [], company: [] }
  const becameDrafts: Record<'contact' | 'company', BecameDraft[]> = { contact: [], company: [] }
  for (const [name, scoreSpec] of Object.entries(spec.scores)) {
    const path = ['scores', name]
    const own = names[scoreSpec.subject]
    if (own.has(name)) {
      const what = segments.names[scoreSpec.subject].has(name) ? 'segment' : 'property'
      problems.push({ path, message: `score "${name}" has the name of a ${scoreSpec.subject} ${what}`, atKey: true })
    }
    // A score can read the properties of its subject and the scores declared before it (e.g. a combined score).
    const scoreNames: ScoreNames = {
      self: new Set(own),
      company: names.company,
      segments: segments.names,
      daysSince: daysSinceMatchers(
        spec.properties[scoreSpec.subject],
        scoreSpec.subject === 'contact' ? contactProperties : companyProperties,
      ),
    }
    // A deactivated score is checked like the others but keeps no state, and nothing after it may read it.
    const isActive = scoreSpec.active !== false
    const ownHidden = isActive ? hidden[scoreSpec.subject] : []
    const ownBecame = isActive ? becameDrafts[scoreSpec.subject] : []
    const compiled = withOutputs(
      compileScore(name, scoreSpec, scoreNames, calendar, path, problems, ownHidden, mismatches, ownBecame),
      scoreSpec,
      path,
      problems,
    )
    if (!isActive) {
      inactiveScores.push(name)
      continue
    }
    scores.push(compiled)
    own.add(name)
  }
  const triggers = compileTriggers(spec, names, problems)
  const contactBecame = finishBecame(
    becameDrafts.contact,
    { subject: 'contact', properties: contactProperties, traitsFrom: 'identify' },
    companyProperties,
    problems,
  )
  const companyBecame = finishBecame(
    becameDrafts.company,
    { subject: 'company', properties: companyProperties, traitsFrom: 'group' },
    companyProperties,
    problems,
  )
  const insights = compileInsights(spec, names, new Set(scores.map((s) => `${s.subject}:${s.name}`)), problems)
  problems.push(...rollupCycles(scores, companyProperties))
  problems.push(...segmentCycles(segments.segments, scores, companyProperties))
  for (const problem of problems) {
    const read = inactiveScores.find((n) => problem.message.startsWith(`unknown property or score "${n}"`))
    if (read !== undefined) problem.message = `unknown property or score "${read}": it is deactivated (active: false)`
  }
  const located = locatedCrmDefinitions(
    contactProperties,
    companyProperties,
    scores,
    triggers,
    insights,
    segments.segments,
  )
  // Last: a clash another check found (a score named like a property) is said once, by that check.
  if (problems.length === 0) problems.push(...crmNameProblems(located))
  if (problems.length > 0) return { ok: false, problems }
  const activity = companyProperties.filter((p) => p.source === 'active_users')
  const contact: EntityModel = {
    properties: [...contactProperties, ...hidden.contact, ...segments.hidden.contact],
    traitsFrom: 'identify',
    activity,
    ...(contactBecame.length > 0 ? { keepsValuesFrom: becameReadsFrom(contactBecame) } : {}),
  }
  const company: EntityModel = {
    properties: [...companyProperties, ...hidden.company, ...segments.hidden.company],
    traitsFrom: 'group',
    activity: [],
    ...(companyBecame.length > 0 ? { keepsValuesFrom: becameReadsFrom(companyBecame) } : {}),
  }
  const crmProperties: CrmPropertyDefinition[] = located.map((l) => l.definition)
  return {
    ok: true,
    model: {
      name: spec.name ?? 'model',
      version,
      contact,
      company,
      contactScores: scores.filter((s) => s.subject === 'contact'),
      companyScores: scores.filter((s) => s.subject === 'company'),
      contactBecame,
      companyBecame,
      contactSegments: segments.segments.filter((s) => s.subject === 'contact'),
      companySegments: segments.segments.filter((s) => s.subject === 'company'),
      triggers,
      insights,
      typeMismatches: mismatches,
      propertyGroup: spec.hubspot?.property_group ?? { name: 'product_usage', label: 'Product usage' },
      crmProperties,
      inactiveScores,
      percentileCutoffs: {},
    },
  }
}
