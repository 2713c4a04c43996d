import { z } from 'zod'
import type { AssociationSpec } from './association-types.ts'

/** Record ids arrive as strings, but a JSON number is taken too. */
const idSchema = z.union([z.string().min(1), z.number()]).transform(String)
const propertiesSchema = z.record(z.string(), z.unknown())

export const associationSpecSchema = z
  .object({
    associationCategory: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']),
    associationTypeId: z.number().int(),
  })
  .transform((spec): AssociationSpec => ({ category: spec.associationCategory, typeId: spec.associationTypeId }))

const inlineAssociationSchema = z.object({
  to: z.object({ id: idSchema }),
  types: z.array(associationSpecSchema).min(1),
})

export const createInputSchema = z.object({
  properties: propertiesSchema,
  associations: z.array(inlineAssociationSchema).optional(),
  objectWriteTraceId: z.string().optional(),
})

export const updateInputSchema = z.object({ properties: propertiesSchema })

const idInputSchema = z.object({ id: idSchema })

const keyedInputSchema = z.object({
  id: idSchema,
  idProperty: z.string().optional(),
  properties: propertiesSchema,
  objectWriteTraceId: z.string().optional(),
})

export const batchCreateSchema = z.object({ inputs: z.array(createInputSchema) })
export const batchUpdateSchema = z.object({ inputs: z.array(keyedInputSchema) })
export const batchUpsertSchema = z.object({ inputs: z.array(keyedInputSchema) })
export const batchArchiveSchema = z.object({ inputs: z.array(idInputSchema) })
export const batchReadSchema = z.object({
  inputs: z.array(idInputSchema),
  properties: z.array(z.string()).optional(),
  propertiesWithHistory: z.array(z.string()).optional(),
  idProperty: z.string().optional(),
})

export const mergeInputSchema = z.object({ primaryObjectId: idSchema, objectIdToMerge: idSchema })

/** `PublicGdprDeleteInput`: the record by id, or by email with `idProperty: "email"`. */
export const gdprDeleteInputSchema = z.object({ objectId: idSchema, idProperty: z.string().optional() })

/** The largest batch HubSpot takes. */
export const MAX_BATCH_INPUTS = 100
