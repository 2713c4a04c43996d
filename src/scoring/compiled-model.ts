import type { EntityModel } from '../properties/compiled-property.ts'
import type { Occurrences } from '../properties/occurrence-points-kind.ts'
import type { CrmValueType, PropertyKind } from '../properties/property-kind.ts'
import type { CompiledExpression, Reference } from './expression.ts'
import type { CompiledGrade } from './grade-score.ts'
import type { LabelColor } from './label-color.ts'

/** How a rule's points are found before its cap. */
export type RuleAmount =
  /** `points` when `when` holds. */
  | { kind: 'constant' }
  /** `points` per `per` units of `of`, rounded down. */
  | { kind: 'per'; of: CompiledExpression; per: number }
  /**
   * Event rules: the (decayed) points of the occurrences, kept by a hidden property of the subject; `became` rules:
   * the points of the instants their condition became true, a hidden value kept by evaluation.
   */
  | { kind: 'occurrences'; property: string }
  /** Event rules with frequency bands: the count of occurrences in the window, kept by a hidden property. */
  | { kind: 'bands'; property: string; bands: readonly { from: number; to: number; points: number }[] }
  /** Points by value: the value of `of` looked up in `values`, else `fallback`. */
  | { kind: 'match'; of: CompiledExpression; values: Readonly<Record<string, number>>; fallback: number }

export interface CompiledRule {
  name: string
  /** Readable name for the reason summary. */
  label: string
  /** Whether it appears in the one-line summary of reasons. */
  signal: boolean
  /** Its text in the summary in place of the label, with the values it shows; the label when absent. */
  signalText?: SignalText | undefined
  /** Where it stands in the summary, 0–100 (highest first); 50 when absent. */
  priority?: number | undefined
  when: CompiledExpression | undefined
  points: number
  amount: RuleAmount
  /** Epoch ms bounds of when the rule counts (property rules: at evaluation time). */
  activeFromMs: number | undefined
  activeToMs: number | undefined
  max: number | undefined
  min: number | undefined
}

export interface CompiledGroup {
  /** Undefined for the rules written directly under a score. */
  name: string | undefined
  category: 'fit' | 'engagement' | undefined
  max: number | undefined
  min: number | undefined
  rules: readonly CompiledRule[]
}

export interface CompiledScore {
  name: string
  label: string
  subject: 'contact' | 'company'
  /** Only subjects for which this holds have the score. */
  onlyWhen: CompiledExpression | undefined
  /** Maps the capped value from [low, high] onto 0–100. */
  normalizeFrom: readonly [number, number] | undefined
  groups: readonly CompiledGroup[]
  max: number | undefined
  min: number | undefined
  categoryMax: { fit?: number | undefined; engagement?: number | undefined }
  categoryMin: { fit?: number | undefined; engagement?: number | undefined }
  /** Highest threshold first. */
  thresholds: readonly { label: string; atLeast: number }[]
  /** The label below every threshold, if the model names one. */
  fallbackLabel: string | null
  /** Labels by rank among the subjects that have the score (`percentile_labels`), in place of thresholds. */
  percentiles?: PercentileTiers | undefined
  grid: CompiledGrid | undefined
  /** The colours of the labels that have one (`labels: { hot: { min: 80, color: red } }`). */
  labelColors?: Readonly<Record<string, LabelColor>> | undefined
  /** The CRM names and labels the model gives the score's properties, where not derived from its key. */
  outputs?: ScoreOutputOverrides | undefined
  /** How many of the latest events its event rules count to list as its recent signals; none when absent. */
  recentSignals?: number | undefined
}

/** A rule's display text in the summary of reasons: `Invited {team_members_invited} teammates`. */
export interface SignalText {
  template: string
  /** The properties and scores its braces name, read when the rule is evaluated (kept in its reason's values). */
  reads: readonly Reference[]
}

/** What a score writes to the CRM: its value, and beside it its label, grid cell, grade score, categories, reasons. */
export type ScoreOutputKind = 'score' | 'label' | 'grid' | 'grade_score' | 'fit' | 'engagement' | 'reasons' | 'signals'

export type ScoreOutputOverrides = Readonly<
  Partial<
    Record<ScoreOutputKind, { name?: string | undefined; label?: string | undefined; description?: string | undefined }>
  >
>

/**
 * A score's labels by rank (MadKudu's older LTB segments): each label goes to the top N % of the subjects that have
 * the score, the `null` label to the rest.
 */
export interface PercentileTiers {
  /** Highest tier (smallest N) first. */
  tiers: readonly { label: string; topPercent: number }[]
  /** The label of the subjects below every tier, if the model names one. */
  fallbackLabel: string | null
}

/**
 * A percentile score's cut-offs in force: label → the lowest value that earns it (the value at the tier's rank when
 * they were last worked out). A tier with no cut-off yet earns nothing.
 */
export type Cutoffs = Readonly<Record<string, number>>

/** The cut-offs of a model's percentile scores, by score name. */
export type ModelCutoffs = Readonly<Record<string, Cutoffs>>

export interface Tiers {
  /** Highest threshold first. */
  thresholds: readonly { label: string; atLeast: number }[]
  fallbackLabel: string | null
}

export interface CompiledGrid {
  fit: Tiers
  engagement: Tiers
  /** Fit tier + engagement tier (e.g. `A1`) → the cell's label; absent: the joined tier names. */
  cells: Readonly<Record<string, string>> | undefined
  /** The within-grade score (`bands`), when the grid has one. */
  grade?: CompiledGrade | undefined
}

/**
 * A `became` rule (MadKudu's aggregated event): its condition over the subject's properties is followed through
 * time, and each instant it becomes true (again after it stopped holding) is an occurrence worth the rule's points,
 * decayed from that instant.
 */
export interface CompiledBecame {
  /** The hidden value the rule's amount reads: the occurrences' decayed points now. */
  property: string
  /** Where its state is kept among the subject's trigger states; changes when the rule or what it reads changes. */
  stateKey: string
  when: CompiledExpression
  /** The properties `when` reads (and those they are computed from), followed through time. */
  reads: EntityModel
  /** The occurrences' points: window, decay, `once`. */
  occurrences: PropertyKind<Occurrences>
  points: number
  once: boolean
  /** Only instants in [from, to) count. */
  activeFromMs: number | undefined
  activeToMs: number | undefined
  /** How far back the first evaluation looks for the instants it became true. */
  lookbackMs: number
  /** Its points never change with age (no decay, no window, not once): the instants can be summed into one. */
  summable: boolean
}

/** Fires when its condition starts to hold; once, or again after it stopped holding. */
export interface CompiledTrigger {
  name: string
  subject: 'contact' | 'company'
  when: CompiledExpression
  rearm: 'once' | 'on_drop_below'
  /** The CRM datetime property with the time it last fired. */
  property: string | undefined
  activeFromMs: number | undefined
  activeToMs: number | undefined
}

/**
 * A named set of contacts or companies (HubSpot's lists). Membership is worked out at evaluation time and kept in the
 * subject's values under the segment's name, so conditions read it like a boolean property.
 */
export interface CompiledSegment {
  name: string
  label: string
  subject: 'contact' | 'company'
  /** Who is in: the model's condition (dynamic), or a read of the hidden property kept from a trait (static). */
  when: CompiledExpression
  /** The CRM boolean property that says whether the subject is in; none when not written. */
  property: string | undefined
}

/** The name of the highest of some scores (Mautic's point insights), as a property of the subject. */
export interface CompiledInsight {
  name: string
  subject: 'contact' | 'company'
  of: readonly string[]
}

/** A property upscore writes to the CRM, with the type the CRM must give it. */
export interface CrmPropertyDefinition {
  objectType: 'contacts' | 'companies'
  name: string
  label: string
  description: string
  type: CrmValueType
  hasUniqueValue?: boolean
}

/** A model file made ready to evaluate: every name resolved, every expression compiled. */
export interface CompiledModel {
  name: string
  /** Changes whenever the model's meaning may have changed (a hash of the file's content). */
  version: string
  /** The file it was compiled from, so that another thread can compile the same model. */
  source?: { text: string; file: string }
  contact: EntityModel
  company: EntityModel
  contactScores: readonly CompiledScore[]
  companyScores: readonly CompiledScore[]
  /** The `became` rules of the contact and company scores. */
  contactBecame: readonly CompiledBecame[]
  companyBecame: readonly CompiledBecame[]
  /** In declaration order. */
  contactSegments: readonly CompiledSegment[]
  companySegments: readonly CompiledSegment[]
  triggers: readonly CompiledTrigger[]
  insights: readonly CompiledInsight[]
  /**
   * Per `where` (by its path in the model file), how many events it read with a value of another type than the
   * one it compares with; those events did not match. A running count since the model was loaded.
   */
  typeMismatches: ReadonlyMap<string, number>
  propertyGroup: { name: string; label: string }
  crmProperties: readonly CrmPropertyDefinition[]
  /** Scores the file declares with `active: false`: checked, not computed. */
  inactiveScores: readonly string[]
  /**
   * The cut-offs of the percentile scores, worked out from the stored scores of all subjects, not from the file: an
   * input of evaluation, like a contact's company values. Empty as compiled, so every subject gets the fallback label
   * until the processor has ranked them (`withCutoffs`).
   */
  percentileCutoffs: ModelCutoffs
}

/** The unique company property that holds the `groupId`, by which companies are upserted. */
export const COMPANY_ID_PROPERTY = 'product_account_id'
