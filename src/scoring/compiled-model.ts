import type { EntityModel } from '../properties/compiled-property.ts'
import type { CrmValueType } from '../properties/property-kind.ts'
import type { CompiledExpression } from './expression.ts'

export interface CompiledRule {
  name: string
  when: CompiledExpression | undefined
  points: number
  /** With `of`: points are given per `per` units of `of`, rounded down. */
  per: number | undefined
  of: CompiledExpression | undefined
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
  groups: readonly CompiledGroup[]
  max: number | undefined
  min: number | undefined
  /** Highest threshold first. */
  thresholds: readonly { label: string; atLeast: number }[]
  /** The label below every threshold, if the model names one. */
  fallbackLabel: string | null
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
  propertyGroup: { name: string; label: string }
  crmProperties: readonly CrmPropertyDefinition[]
}

/** The unique company property that holds the `groupId`, by which companies are upserted. */
export const COMPANY_ID_PROPERTY = 'product_account_id'
