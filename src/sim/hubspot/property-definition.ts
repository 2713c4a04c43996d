/** HubSpot's property data types (`type`). */
export const propertyTypes = ['bool', 'date', 'datetime', 'enumeration', 'number', 'phone_number', 'string'] as const
export type PropertyType = (typeof propertyTypes)[number]

/** HubSpot's property field types (`fieldType`). */
export const fieldTypes = [
  'booleancheckbox',
  'calculation_equation',
  'checkbox',
  'date',
  'file',
  'html',
  'number',
  'phonenumber',
  'radio',
  'select',
  'text',
  'textarea',
] as const
export type FieldType = (typeof fieldTypes)[number]

export type PropertyOption = {
  label: string
  value: string
  hidden: boolean
  displayOrder: number
  description?: string
}

/** A property as the simulator keeps it; `toPublicProperty` gives HubSpot's JSON shape. */
export type PropertyDefinition = {
  name: string
  label: string
  type: PropertyType
  fieldType: FieldType
  groupName: string
  description: string
  options: PropertyOption[]
  displayOrder: number
  hasUniqueValue: boolean
  hidden: boolean
  formField: boolean
  hubspotDefined: boolean
  /** Values are set by HubSpot only; writing one is a VALIDATION_ERROR. */
  readOnlyValue: boolean
  createdAt: number
  updatedAt: number
  archived: boolean
  archivedAt?: number
}

export type PropertyGroup = {
  name: string
  label: string
  displayOrder: number
  archived: boolean
}

/** HubSpot's `Property` JSON. */
export function toPublicProperty(definition: PropertyDefinition): Record<string, unknown> {
  return {
    name: definition.name,
    label: definition.label,
    type: definition.type,
    fieldType: definition.fieldType,
    description: definition.description,
    groupName: definition.groupName,
    options: definition.options,
    displayOrder: definition.displayOrder,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: definition.hasUniqueValue,
    hidden: definition.hidden,
    hubspotDefined: definition.hubspotDefined,
    modificationMetadata: {
      archivable: !definition.hubspotDefined,
      readOnlyDefinition: definition.hubspotDefined,
      readOnlyValue: definition.readOnlyValue,
    },
    formField: definition.formField,
    createdAt: new Date(definition.createdAt).toISOString(),
    updatedAt: new Date(definition.updatedAt).toISOString(),
    ...(definition.archivedAt === undefined ? {} : { archivedAt: new Date(definition.archivedAt).toISOString() }),
    archived: definition.archived,
  }
}
