import type { EntityModel } from '../properties/compiled-property.ts'
import type { CrmValueType } from '../properties/property-kind.ts'
import type { CompiledExpression } from './expression.ts'

/** How a rule's points are found before its cap. */
export type RuleAmount =
  /** `points` when `when` holds. */
  | { kind: 'constant' }
  /** `points` per `per` units of `of`, rounded down. */
  | { kind: 'per'; of: CompiledExpression; per: number }
  /** Event rules: the (decayed) points of the occurrences, kept by a hidden property of the subject. */
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
  grid: CompiledGrid | undefined
}

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
  contact: EntityModel
  company: EntityModel
  contactScores: readonly CompiledScore[]
  companyScores: readonly CompiledScore[]
  triggers: readonly CompiledTrigger[]
  insights: readonly CompiledInsight[]
  /**
   * Per `where` (by its path in the model file), how many events it read with a value of another type than the
   * one it compares with; those events did not match. A running count since the model was loaded.
   */
  typeMismatches: ReadonlyMap<string, number>
  propertyGroup: { name: string; label: string }
  crmProperties: readonly CrmPropertyDefinition[]
}

/** The unique company property that holds the `groupId`, by which companies are upserted. */
export const COMPANY_ID_PROPERTY = 'product_account_id'
