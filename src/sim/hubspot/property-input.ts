import { z } from 'zod'
import type { ObjectType } from './object-types.ts'
import {
  type FieldType,
  fieldTypes,
  type PropertyDefinition,
  type PropertyOption,
  type PropertyType,
  propertyTypes,
} from './property-definition.ts'
import type { PropertyRegistry } from './property-registry.ts'

const optionSchema = z.object({
  label: z.string(),
  value: z.string(),
  hidden: z.boolean().optional(),
  displayOrder: z.number().int().optional(),
  description: z.string().optional(),
})

/** HubSpot's `PropertyCreate` (fields the simulator does not model are accepted and ignored). */
export const propertyCreateSchema = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(propertyTypes),
  fieldType: z.enum(fieldTypes),
  groupName: z.string(),
  description: z.string().optional(),
  options: z.array(optionSchema).optional(),
  displayOrder: z.number().int().optional(),
  hasUniqueValue: z.boolean().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
})
export type PropertyCreate = z.infer<typeof propertyCreateSchema>

/** HubSpot's `PropertyUpdate`: every field optional. */
export const propertyUpdateSchema = propertyCreateSchema.omit({ name: true }).partial()

export const propertyGroupCreateSchema = z.object({
  name: z.string(),
  label: z.string(),
  displayOrder: z.number().int().optional(),
})

/** Field types each data type may use (HubSpot's properties guide). */
const fieldTypesOf: Record<PropertyType, readonly FieldType[]> = {
  bool: ['booleancheckbox', 'calculation_equation'],
  enumeration: ['booleancheckbox', 'checkbox', 'radio', 'select', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  string: ['text', 'textarea', 'file', 'html', 'calculation_equation'],
  number: ['number', 'calculation_equation'],
  phone_number: ['phonenumber'],
}

/** Internal names: lower-case letters, digits and underscores, starting with a letter (commonly stated; unverified). */
const NAME = /^[a-z][a-z0-9_]{0,99}$/

export type PropertyCheck =
  | { ok: true; definition: PropertyDefinition }
  | { ok: false; statusCode: 400 | 409; category: string; message: string }

/** Checks a new property as HubSpot does and gives its definition. */
export function checkPropertyCreate(
  registry: PropertyRegistry,
  type: ObjectType,
  input: PropertyCreate,
  nowMs: number,
): PropertyCheck {
  const invalid = (message: string): PropertyCheck => ({
    ok: false,
    statusCode: 400,
    category: 'VALIDATION_ERROR',
    message,
  })
  if (registry.find(type, input.name) !== undefined) {
    return {
      ok: false,
      statusCode: 409,
      category: 'OBJECT_ALREADY_EXISTS',
      message: `Property named '${input.name}' already exists.`,
    }
  }
  if (!NAME.test(input.name)) return invalid(`Property name '${input.name}' is not a valid internal name`)
  if (!fieldTypesOf[input.type].includes(input.fieldType)) {
    return invalid(`fieldType '${input.fieldType}' is not valid for a property of type '${input.type}'`)
  }
  if (registry.getGroup(type, input.groupName) === undefined) {
    return invalid(`Property group '${input.groupName}' does not exist`)
  }
  if (input.type === 'enumeration' && (input.options ?? []).length === 0) {
    return invalid(`Enumeration property '${input.name}' needs options`)
  }
  if (input.hasUniqueValue === true && input.type !== 'string' && input.type !== 'number') {
    return invalid(`Only string and number properties can have unique values`)
  }
  // HubSpot's bool properties carry the options true/false; whether a caller must send them is unverified.
  const options: PropertyOption[] =
    input.options === undefined
      ? input.type === 'bool'
        ? [
            { label: 'Yes', value: 'true', hidden: false, displayOrder: 0 },
            { label: 'No', value: 'false', hidden: false, displayOrder: 1 },
          ]
        : []
      : input.options.map((option, index) => ({
          label: option.label,
          value: option.value,
          hidden: option.hidden ?? false,
          displayOrder: option.displayOrder ?? index,
          ...(option.description === undefined ? {} : { description: option.description }),
        }))
  return {
    ok: true,
    definition: {
      name: input.name,
      label: input.label,
      type: input.type,
      fieldType: input.fieldType,
      groupName: input.groupName,
      description: input.description ?? '',
      options,
      displayOrder: input.displayOrder ?? -1,
      hasUniqueValue: input.hasUniqueValue ?? false,
      hidden: input.hidden ?? false,
      formField: input.formField ?? false,
      hubspotDefined: false,
      readOnlyValue: false,
      createdAt: nowMs,
      updatedAt: nowMs,
      archived: false,
    },
  }
}
