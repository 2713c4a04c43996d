import { z } from 'zod'

/** HubSpot internal property names: lower case letters, digits and underscores, starting with a letter. */
const propertyName = z.string().regex(/^[a-z][a-z0-9_]{0,99}$/, 'a name of lower-case letters, digits and _')
const eventNames = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])
const text = z.string().min(1)

const common = {
  label: text.optional(),
  description: text.optional(),
}
const eventFilter = {
  event: eventNames,
  /** A condition on the event's own properties, e.g. `status < 500`. */
  where: text.optional(),
}

const milestone = z.strictObject({
  type: z.literal('milestone'),
  ...common,
  ...eventFilter,
  /** `ever` (boolean, the default), or the time of the `first` or `last` occurrence. */
  value: z.enum(['ever', 'first', 'last']).optional(),
})
const count = z.strictObject({ type: z.literal('count'), ...common, ...eventFilter, window: text.optional() })
const sum = z.strictObject({ type: z.literal('sum'), ...common, ...eventFilter, field: text, window: text.optional() })
const distinct = z.strictObject({
  type: z.literal('distinct'),
  ...common,
  ...eventFilter,
  field: text,
  window: text.optional(),
})
const daysSince = z.strictObject({
  type: z.literal('days_since'),
  ...common,
  ...eventFilter,
  of: z.enum(['first', 'last']).optional(),
})
const trait = z.strictObject({
  type: z.literal('trait'),
  ...common,
  trait: text,
  /** The value's type in the CRM; `string` unless told. */
  value_type: z.enum(['string', 'number', 'bool']).optional(),
})
const ratio = z.strictObject({ type: z.literal('ratio'), ...common, numerator: text, denominator: text })
const activeUsers = z.strictObject({
  type: z.literal('active_users'),
  ...common,
  /** Which of the users' events count; any `track` event when absent. */
  event: eventNames.optional(),
  where: text.optional(),
  window: text,
})

const contactProperty = z.discriminatedUnion('type', [milestone, count, sum, distinct, daysSince, trait, ratio])
const companyProperty = z.discriminatedUnion('type', [
  milestone,
  count,
  sum,
  distinct,
  daysSince,
  trait,
  ratio,
  activeUsers,
])

const rule = z.strictObject({
  description: text.optional(),
  /** The condition under which the rule gives points; always when absent. */
  when: text.optional(),
  /** Points given (negative to subtract); with `per`, points per `per` units of `of`. */
  points: z.number().finite(),
  per: z.number().positive().optional(),
  /** The number the points are counted on, with `per`. */
  of: text.optional(),
  /** Cap of the rule's points. */
  max: z.number().finite().optional(),
  /** Floor of the rule's points. */
  min: z.number().finite().optional(),
})

const group = z.strictObject({
  description: text.optional(),
  category: z.enum(['fit', 'engagement']).optional(),
  max: z.number().finite().optional(),
  min: z.number().finite().optional(),
  rules: z.record(z.string().min(1), rule),
})

const score = z.strictObject({
  description: text.optional(),
  label: text.optional(),
  /** What is scored. */
  subject: z.enum(['contact', 'company']),
  rules: z.record(z.string().min(1), rule).optional(),
  groups: z.record(z.string().min(1), group).optional(),
  max: z.number().finite().optional(),
  min: z.number().finite().optional(),
  /** Label → lowest score that earns it; `null` marks the label of everything below the others. */
  labels: z.record(z.string().min(1), z.number().finite().nullable()).optional(),
})

/** The model file as written, before the checks that need the whole model (names, references). */
export const modelSpecSchema = z.strictObject({
  version: z.union([z.number(), z.string()]).optional(),
  name: text.optional(),
  description: text.optional(),
  hubspot: z
    .strictObject({
      property_group: z.strictObject({ name: propertyName, label: text }).optional(),
    })
    .optional(),
  properties: z.strictObject({
    contact: z.record(propertyName, contactProperty).optional(),
    company: z.record(propertyName, companyProperty).optional(),
  }),
  scores: z.record(propertyName, score),
})

export type ModelSpec = z.infer<typeof modelSpecSchema>
export type ContactPropertySpec = z.infer<typeof contactProperty>
export type CompanyPropertySpec = z.infer<typeof companyProperty>
export type PropertySpec = CompanyPropertySpec
export type RuleSpec = z.infer<typeof rule>
export type ScoreSpec = z.infer<typeof score>
