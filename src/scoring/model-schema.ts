import { z } from 'zod'
import { LABEL_COLORS } from './label-color.ts'

/**
 * The names every plain JavaScript object inherits (`constructor`, `toString`, `__proto__`, …): the model's names
 * key the objects that hold values, scores and state, so none may be one of these.
 */
const inheritedNames: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype))
const isOwnName = (name: string) => !inheritedNames.has(name)
/** Why an inherited name is refused (its problem reads `"toString" is a name every …`). */
export const notInherited =
  'a name every JavaScript object already has (constructor, toString, __proto__, …): choose another'

/** HubSpot internal property names: lower case letters, digits and underscores, starting with a letter. */
const propertyName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,99}$/, 'a name of lower-case letters, digits and _')
  .refine(isOwnName, notInherited)
/** The name of a rule, group, label or grade: any text but an inherited name. */
const keyName = z.string().min(1).refine(isOwnName, notInherited)
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

const rollup = z.strictObject({
  type: z.literal('rollup'),
  ...common,
  /** The contact property or contact score rolled up; not needed to count members. */
  of: text.optional(),
  fn: z.enum(['count', 'sum', 'max', 'min', 'avg']),
  /** Only the members for which this holds (a condition over contact properties and scores). */
  where: text.optional(),
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
  rollup,
])

const percentage = z.union([z.number().min(0).max(100), z.string().regex(/^\d+(\.\d+)?%$/, 'a percentage such as 50%')])

const decay = z.strictObject({
  /** Each occurrence's points halve every this long (e.g. 14d). */
  half_life: text.optional(),
  /** Each occurrence loses this share of its points per `every` (HubSpot: `50%` per `30d`), down to 0. */
  linear: percentage.optional(),
  every: text.optional(),
  /** With `linear`: lose the share in one step at the end of each `every` instead of continuously. */
  stepwise: z.boolean().optional(),
  /** Each occurrence's points fall in a straight line to 0 over this long (MadKudu's lifespan, e.g. 90d). */
  lifespan: text.optional(),
  /** Each occurrence loses this share of what is left per `every`, after `grace`, at most `cap` in all (Uniform). */
  geometric: percentage.optional(),
  grace: text.optional(),
  cap: percentage.optional(),
  /** A retention schedule (netFORUM): the share kept from each age on, e.g. [{ after: 24mo, keep: 75% }]. */
  retain: z
    .array(z.strictObject({ after: text, keep: percentage }))
    .min(1)
    .optional(),
})

const band = z.strictObject({
  at_least: z.number().int().nonnegative().optional(),
  between: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]).optional(),
  exactly: z.number().int().nonnegative().optional(),
  points: z.number().finite(),
})

const activeWindow = z.strictObject({
  /** ISO date or date-time: the rule counts from then (events from then, for event rules). */
  from: text.optional(),
  /** ISO date or date-time: the rule stops counting then. */
  to: text.optional(),
})

/** Names of segments: the subject's own, or `company.NAME` for a contact's company's. */
const segmentNames = z.array(z.string().min(1)).min(1)
const segmentMembership = z
  .strictObject({ all: segmentNames.optional(), any: segmentNames.optional(), none: segmentNames.optional() })
  .refine((s) => s.all !== undefined || s.any !== undefined || s.none !== undefined, 'give all, any or none')

const rule = z.strictObject({
  description: text.optional(),
  /** A readable name for the reason summary; the rule's key when absent. */
  label: text.optional(),
  /** The condition under which the rule gives points; always when absent. */
  when: text.optional(),
  /**
   * Points given (negative to subtract): once when `when` holds; with `per`, per `per` units of `of`; with
   * `event`, for each occurrence of the event.
   */
  points: z.number().finite().optional(),
  per: z.number().positive().optional(),
  /** The number the points are counted on, with `per`. */
  of: text.optional(),
  /**
   * Points by value (HubSpot's per-value scoring): the value of this expression looked up in `values`, whose keys
   * are values from data: any text but `__proto__` (a plan named `constructor` is matched as its own key only).
   */
  match: text.optional(),
  values: z.record(z.string(), z.number().finite()).optional(),
  /** With `match`: the points of a value not in `values` (0 when absent). */
  default: z.number().finite().optional(),
  /** An event rule: points for each occurrence of this event (or any of these). */
  event: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /** Event rules: a condition on the event's own properties. */
  where: text.optional(),
  /** Event rules: only occurrences in this window count (7d, this_month, last_quarter, this_and_last_3_months, …). */
  within: text.optional(),
  /** Event rules: how each occurrence's points shrink with its age. */
  decay: decay.optional(),
  /** Event rules: only the first occurrence ever counts (not repeatable). */
  once: z.boolean().optional(),
  /** Event rules: each occurrence is worth the value of this event property (signed), e.g. a points adjustment. */
  points_from: text.optional(),
  /**
   * The rule in the one-line summary of reasons written to the CRM: `false` leaves it out (it still counts); a text
   * shows it in place of the label, with values in braces: `Invited {team_members_invited} teammates`
   * (`{NAME}`, `{company.NAME}`, `{points}`, and `{occurrences}` with frequency bands).
   */
  signal: z.union([z.boolean(), text]).optional(),
  /** Where the rule stands in the summary: highest first (0–100, default 50), then by the size of its points. */
  priority: z.number().int('a whole number from 0 to 100').min(0).max(100).optional(),
  /** Event rules: points by how many occurrences are in the window, instead of points per occurrence. */
  frequency: z.array(band).min(1).optional(),
  /**
   * Mautic's `url.hit`: points for hits on URLs matching this wildcard pattern (`*`), Segment `page` calls unless
   * `event` names tracked events. A pattern starting with `/` is matched against the path, any other against the
   * full URL. Hits are counted on the pattern (all the URLs it matches together).
   */
  url: text.optional(),
  /** With `url`: only a hit with no earlier hit on the pattern. */
  first_time: z.boolean().optional(),
  /** With `url`: only from the Nth hit on the pattern on (this one included). */
  hits_at_least: z.number().int().positive().optional(),
  /** With `url` and `dwell_from`: only once this much time was spent on the pattern in all (e.g. 90s, 5m). */
  dwell_at_least: text.optional(),
  /** With `url`: the event property with the seconds a hit spent on its page (Segment sends none by default). */
  dwell_from: text.optional(),
  /** With `url`: only a hit at most this long after the previous hit on the pattern (e.g. 1d). */
  returns_within: text.optional(),
  /** With `url`: only a hit at least this long after the previous hit on the pattern (e.g. 7d). */
  returns_after: text.optional(),
  /**
   * MadKudu's aggregated event: a condition over the subject's properties (not scores), e.g. `logins_last_30d >= 6`.
   * Each time it becomes true (again after it stopped holding) counts as an occurrence, at that very instant, worth
   * `points` and decayed by `decay`; `once`, `within` and `active` apply as to events.
   */
  became: text.optional(),
  /** When the rule counts. */
  active: activeWindow.optional(),
  /**
   * Segment membership (HubSpot's SEGMENT_MEMBERSHIP): the rule holds when the subject is in `all` of some segments,
   * in `any` of them, or in `none`; several forms must all hold, and so must `when`. A contact names its company's
   * segments `company.NAME`.
   */
  segments: segmentMembership.optional(),
  /** Cap of the rule's points. */
  max: z.number().finite().optional(),
  /** Floor of the rule's points. */
  min: z.number().finite().optional(),
})

/**
 * A points adjustment carried by an event (Mautic's REST, form and campaign operators; HubSpot's workflow reset):
 * applied, in time order, to the running event points of the group or score that declares it.
 */
const adjust = z.strictObject({
  description: text.optional(),
  /** The event (or events) that carries the adjustment. */
  event: eventNames,
  /** A condition on the event's own properties, e.g. `group == "raincoats"`. */
  where: text.optional(),
  /** `plus`, `minus`, `times`, `divide`, `set` or `reset` (to 0). */
  operator: z.enum(['plus', 'minus', 'times', 'divide', 'set', 'reset']).optional(),
  /** Or the event property that holds the operator. */
  operator_from: text.optional(),
  /** The number the operator applies (not needed by `reset`). */
  value: z.number().finite().optional(),
  /** Or the event property that holds it. */
  value_from: text.optional(),
  /** A readable name for the reason summary (`Adjusted` when absent). */
  label: text.optional(),
  /** Leave the adjusted points out of the one-line summary of reasons (they still count). */
  signal: z.boolean().optional(),
})
const adjustments = z.union([adjust, z.array(adjust).min(1)])

/**
 * Pardot/Marketo's inactivity set, on the aggregate: after `after` without activity, the event points of the group
 * (or score) are set to `set` (e.g. 3), so "was active once" stays distinct from "never active".
 */
const inactivity = z.strictObject({
  /** How long without activity, e.g. 30d. */
  after: text,
  /** The points the event part is set to; they do not decay, and new activity adds to them. */
  set: z.number().finite(),
  /** The activity: the events of this `days_since` property; the group's (or score's) own event rules when absent. */
  of: text.optional(),
  /** A readable name for the reason summary (`Inactive for <after>` when absent). */
  label: text.optional(),
})

const group = z.strictObject({
  description: text.optional(),
  /** `fit` (who they are: never decays) or `engagement` (what they do). */
  category: z.enum(['fit', 'engagement']).optional(),
  /** The decay of the group's event rules that set none of their own (HubSpot's group decay). */
  decay: decay.optional(),
  /** An event that resets the group's event rules: occurrences up to it stop counting (e.g. `Deal Lost`). */
  reset_on: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /** Points adjustments from events, applied to the group's event points. */
  adjust: adjustments.optional(),
  /** Set the group's event points to a small number after a time without activity. */
  inactivity: inactivity.optional(),
  max: z.number().finite().optional(),
  min: z.number().finite().optional(),
  rules: z.record(keyName, rule),
})

const labelBound = z.union([
  z.number().finite().nullable(),
  z.strictObject({ min: z.number().finite().nullable().optional(), color: z.enum(LABEL_COLORS).optional() }),
])

/** A CRM property a score writes: its internal name, or the name with a label and a description. */
const outputProperty = z.union([
  propertyName,
  z.strictObject({ name: propertyName, label: text.optional(), description: text.optional() }),
])

/** HubSpot's output configuration of a score: the names (and labels) of the properties it writes. */
const outputs = z.strictObject({
  /** The score's own number property; the score's key when absent. */
  property: propertyName.optional(),
  /** Its label in the CRM; the score's `label` when absent. */
  label: text.optional(),
  description: text.optional(),
  /** Instead of `<score>_label`, `<score>_grid`, `<score>_grade_score`, `<score>_fit`, … */
  label_property: outputProperty.optional(),
  grid_property: outputProperty.optional(),
  grade_score_property: outputProperty.optional(),
  fit_property: outputProperty.optional(),
  engagement_property: outputProperty.optional(),
  reasons_property: outputProperty.optional(),
  signals_property: outputProperty.optional(),
})

const score = z.strictObject({
  description: text.optional(),
  label: text.optional(),
  /** What is scored. Deals are not: upscore receives product events about people and accounts, not deal objects. */
  subject: z.enum(['contact', 'company'], {
    error: (issue) =>
      issue.input === 'deal'
        ? 'deal scores are not supported: upscore scores contacts and companies from product events, and receives no deal objects'
        : undefined,
  }),
  /**
   * `false` deactivates the score (HubSpot's deactivate): still checked, but not computed, not written to the CRM,
   * and nothing may read it; its history is kept. Default true.
   */
  active: z.boolean().optional(),
  /** Only subjects for which this holds are scored (HubSpot's scope); the others have no score. */
  only_when: text.optional(),
  /** Only subjects in at least one of these segments are scored (HubSpot's scope, INCLUDES). */
  include_segments: segmentNames.optional(),
  /** Subjects in any of these segments are not scored (HubSpot's scope, EXCLUDES). */
  exclude_segments: segmentNames.optional(),
  /** An event that resets the score's event rules: occurrences up to it stop counting (e.g. `Deal Lost`). */
  reset_on: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /** Points adjustments from events, applied to the event points of all the score's rules and groups. */
  adjust: adjustments.optional(),
  /** Set the score's event points to a small number after a time without activity. */
  inactivity: inactivity.optional(),
  /** Maps the score from [low, high] onto 0–100 (MadKudu-style), after caps. */
  normalize: z.strictObject({ from: z.tuple([z.number().finite(), z.number().finite()]) }).optional(),
  rules: z.record(keyName, rule).optional(),
  groups: z.record(keyName, group).optional(),
  max: z.number().finite().optional(),
  min: z.number().finite().optional(),
  /** Caps per category, applied after the group caps and before the total cap (HubSpot's maxScorePerCategory). */
  category_max: z
    .strictObject({ fit: z.number().finite().optional(), engagement: z.number().finite().optional() })
    .optional(),
  category_min: z
    .strictObject({ fit: z.number().finite().optional(), engagement: z.number().finite().optional() })
    .optional(),
  /**
   * Label → lowest score that earns it; `null` marks the label of everything below the others. The long form
   * `{ min: 80, color: red }` gives the label a colour (HubSpot's: blue, gray, green, magenta, orange, purple, red,
   * yellow); `min` absent or null marks the label below the others.
   */
  labels: z.record(keyName, labelBound).optional(),
  /**
   * Labels by rank (MadKudu's older LTB segments), in place of `labels`: label → the top N % of the subjects that
   * have the score, highest tier first (N going up, above 0 and at most 100); `null` marks the label of the rest.
   * E.g. `{ very_high: 1, high: 10, medium: 30, low: null }`.
   */
  percentile_labels: z.record(keyName, z.number().finite().nullable()).optional(),
  /** The CRM properties the score writes, when not the names and labels derived from its key. */
  outputs: outputs.optional(),
  /**
   * Also write `<score>_signals`: this many of the latest events its event rules count now, latest first, with their
   * dates (MadKudu's signals, "recent activities"); rules with `signal: false` are left out.
   */
  recent_signals: z.number().int().min(1).max(20).optional(),
  /**
   * A two-axis grade from the fit and engagement categories: the fit tier's name followed by the engagement
   * tier's (A1 … C3, as HubSpot's combined score), or a label per cell from `cells`.
   */
  grid: z
    .strictObject({
      fit: z.record(keyName, z.number().finite().nullable()),
      engagement: z.record(keyName, z.number().finite().nullable()),
      cells: z.record(keyName, z.string().min(1)).optional(),
      /**
       * MadKudu's within-grade score: grade (cell label) → [low, high] of its band, e.g. `A: [90, 100]`; written as
       * `<score>_grade_score`.
       */
      bands: z.record(keyName, z.tuple([z.number().finite(), z.number().finite()])).optional(),
      /** The tie-break that places a subject inside its band (an expression); the score's own value when absent. */
      rank_by: text.optional(),
      /**
       * The tie-break's range [low, high], or one per grade: its low end gives the band's low end, its high end the
       * band's high end. Absent: 0–100 for a normalised score, else the score's [min, max].
       */
      rank_range: z
        .union([
          z.tuple([z.number().finite(), z.number().finite()]),
          z.record(keyName, z.tuple([z.number().finite(), z.number().finite()])),
        ])
        .optional(),
    })
    .optional(),
})

const trigger = z.strictObject({
  description: text.optional(),
  subject: z.enum(['contact', 'company']),
  /** The condition, over the subject's properties and scores, e.g. `lead_score >= 50`. */
  when: text,
  /**
   * `once` (the default): fires the first time the condition holds, never again (Mautic's point triggers);
   * `on_drop_below`: fires again after the condition stopped holding.
   */
  rearm: z.enum(['once', 'on_drop_below']).optional(),
  /** Also written to the CRM: a datetime property with the time it last fired. */
  property: propertyName.optional(),
  /** When the trigger may fire. */
  active: activeWindow.optional(),
})

/**
 * A named set of contacts or companies (HubSpot's lists): dynamic, by a condition, or static, from a trait that the
 * source system keeps (e.g. a Segment Engage audience, which sets `identify`/`group` trait `AUDIENCE: true`).
 */
const segment = z.strictObject({
  description: text.optional(),
  label: text.optional(),
  subject: z.enum(['contact', 'company']),
  /** Dynamic: the condition over the subject's properties, scores and segments (contacts: also `company.NAME`). */
  when: text.optional(),
  /**
   * Static: the `identify` (contact) or `group` (company) trait that says who is in: a member when its latest value
   * is `true`, or a list that contains `contains` (or is that text).
   */
  trait: text.optional(),
  /** With `trait`: the entry that marks a member in a list-valued trait; the segment's name when absent. */
  contains: text.optional(),
  /** Also written to the CRM: a boolean property that says whether the subject is in the segment. */
  property: propertyName.optional(),
})

/** Mautic's point insights: the name of the highest of some scores, written to a CRM property. */
const insight = z.strictObject({
  description: text.optional(),
  subject: z.enum(['contact', 'company']),
  /**
   * The scores compared. On a tie for the highest the value it had is kept when it is one of the tied scores, else
   * the first listed wins; when all are 0 or less there is no value.
   */
  of: z.array(propertyName).min(2),
})

/** The model file as written, before the checks that need the whole model (names, references). */
export const modelSpecSchema = z.strictObject({
  version: z.union([z.number(), z.string()]).optional(),
  name: text.optional(),
  description: text.optional(),
  /** IANA time zone of calendar windows (this_week, this_month, …). Default UTC. */
  timezone: text.optional(),
  /** The first month of the fiscal year (this_fiscal_year, last_fiscal_quarter, …): 1 (January, the default) to 12. */
  fiscal_year_start: z
    .number()
    .int('a month from 1 (January) to 12 (December)')
    .min(1, 'a month from 1 (January) to 12 (December)')
    .max(12, 'a month from 1 (January) to 12 (December)')
    .optional(),
  hubspot: z
    .strictObject({
      property_group: z.strictObject({ name: propertyName, label: text }).optional(),
      /** Warn (`model check`) wherever HubSpot's own scoring tool could not express the model as written. */
      lint: z.boolean().optional(),
    })
    .optional(),
  properties: z.strictObject({
    contact: z.record(propertyName, contactProperty).optional(),
    company: z.record(propertyName, companyProperty).optional(),
  }),
  /** Named segments of contacts or companies, readable by name in conditions like a boolean property. */
  segments: z.record(propertyName, segment).optional(),
  scores: z.record(propertyName, score),
  triggers: z
    .record(
      z
        .string()
        .regex(/^[a-z][a-z0-9_]*$/, 'a name of lower-case letters, digits and _')
        .refine(isOwnName, notInherited),
      trigger,
    )
    .optional(),
  insights: z.record(propertyName, insight).optional(),
})

export type ModelSpec = z.infer<typeof modelSpecSchema>
export type ContactPropertySpec = z.infer<typeof contactProperty>
export type CompanyPropertySpec = z.infer<typeof companyProperty>
export type PropertySpec = CompanyPropertySpec
export type RuleSpec = z.infer<typeof rule>
export type ScoreSpec = z.infer<typeof score>
export type DecaySpec = z.infer<typeof decay>
export type TriggerSpec = z.infer<typeof trigger>
export type GroupSpec = z.infer<typeof group>
export type InsightSpec = z.infer<typeof insight>
export type AdjustSpec = z.infer<typeof adjust>
export type InactivitySpec = z.infer<typeof inactivity>
export type SegmentSpec = z.infer<typeof segment>
export type SegmentMembershipSpec = z.infer<typeof segmentMembership>
export type OutputsSpec = z.infer<typeof outputs>
export type LabelBoundSpec = z.infer<typeof labelBound>
