import { z } from 'zod'
import { COMPANY_ID_PROPERTY } from '../../scoring/compiled-model.ts'
import type { CrmObjectType } from '../../storage/store.ts'
import { recordKey } from './batch-plan.ts'
import { hubspotErrorSchema } from './hubspot-error.ts'

const publicObjectSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  properties: z.record(z.string(), z.string().nullable()).optional(),
  /** Batch upsert only: true when HubSpot created the record (no record had the id property's value). */
  new: z.boolean().optional(),
})

/** HubSpot's batch answer of objects (`BatchResponseSimplePublic(Upsert)Object`, with `errors` when 207). */
export const objectBatchSchema = z.object({
  status: z.string().optional(),
  results: z.array(publicObjectSchema),
  errors: z.array(hubspotErrorSchema).optional(),
})

export type ObjectBatch = z.infer<typeof objectBatchSchema>

const ADDITIONAL_EMAILS = 'hs_additional_emails'

/**
 * HubSpot's record id for each requested key, matched by the id property's value, never by order: contacts by
 * email (case-insensitive; a contact found by a secondary email answers with its primary email, and lists the one
 * asked for in `hs_additional_emails`), companies by `product_account_id`.
 */
export function matchResults(
  objectType: CrmObjectType,
  keys: readonly string[],
  results: ObjectBatch['results'],
): Map<string, string> {
  const primary = new Map<string, string>()
  const secondary = new Map<string, string>()
  for (const result of results) {
    const properties = result.properties ?? {}
    const value = objectType === 'contacts' ? properties.email : properties[COMPANY_ID_PROPERTY]
    if (typeof value === 'string' && value !== '') primary.set(recordKey(objectType, value), result.id)
    if (objectType === 'contacts') {
      for (const email of (properties[ADDITIONAL_EMAILS] ?? '').split(';')) {
        if (email.trim() !== '') secondary.set(recordKey(objectType, email), result.id)
      }
    }
  }
  const matched = new Map<string, string>()
  for (const key of keys) {
    const id = primary.get(key) ?? secondary.get(key)
    if (id !== undefined) matched.set(key, id)
  }
  return matched
}
