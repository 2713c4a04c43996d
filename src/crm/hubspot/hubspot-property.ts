import { z } from 'zod'

/** HubSpot's `Property` as upscore reads it: what it takes to validate a value before sending it. */
export const hubspotPropertySchema = z.object({
  name: z.string(),
  type: z.string(),
  fieldType: z.string().optional(),
  options: z.array(z.object({ value: z.string() })).optional(),
  hasUniqueValue: z.boolean().optional(),
  modificationMetadata: z.object({ readOnlyValue: z.boolean().optional() }).optional(),
})

export type HubspotProperty = z.infer<typeof hubspotPropertySchema>

/** The answer of `POST /crm/v3/properties/{objectType}/batch/read` or `batch/create` (200, 201 or 207). */
export const propertyBatchSchema = z.object({
  results: z.array(hubspotPropertySchema),
  errors: z
    .array(
      z.object({
        category: z.string().optional(),
        message: z.string().optional(),
        context: z.record(z.string(), z.array(z.string())).optional(),
      }),
    )
    .optional(),
})
