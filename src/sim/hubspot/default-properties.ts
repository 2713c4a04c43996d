import type { ObjectType } from './object-types.ts'
import type { SimOwner } from './owners.ts'
import type {
  FieldType,
  PropertyDefinition,
  PropertyGroup,
  PropertyOption,
  PropertyType,
} from './property-definition.ts'

/** The property group HubSpot files its own properties under, per object type. */
export const defaultGroups: Record<ObjectType, PropertyGroup> = {
  contacts: { name: 'contactinformation', label: 'Contact information', displayOrder: -1, archived: false },
  companies: { name: 'companyinformation', label: 'Company information', displayOrder: -1, archived: false },
  tasks: { name: 'task_information', label: 'Task information', displayOrder: -1, archived: false },
}

/** The property holding the time of the last change, which HubSpot names differently per object type. */
export const lastModifiedProperty: Record<ObjectType, string> = {
  contacts: 'lastmodifieddate',
  companies: 'hs_lastmodifieddate',
  tasks: 'hs_lastmodifieddate',
}

/** The property holding the creation time. */
export const createdProperty: Record<ObjectType, string> = {
  contacts: 'createdate',
  companies: 'createdate',
  tasks: 'hs_createdate',
}

/** Properties a read returns when the caller names none (HubSpot's documented defaults). */
export const defaultReadProperties: Record<ObjectType, readonly string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
}

type Spec = [name: string, label: string, type: PropertyType, fieldType: FieldType, extra?: Partial<PropertyDefinition>]

const options = (...values: string[]): PropertyOption[] =>
  values.map((value, displayOrder) => ({ label: value, value, hidden: false, displayOrder }))

const lifecycleStages = options(
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
)

const readOnly = { readOnlyValue: true }

function specsFor(type: ObjectType, ownerOptions: PropertyOption[]): Spec[] {
  const owner: Spec = ['hubspot_owner_id', 'Owner', 'enumeration', 'select', { options: ownerOptions }]
  const objectId: Spec = ['hs_object_id', 'Record ID', 'number', 'number', readOnly]
  const merged: Spec = ['hs_merged_object_ids', 'Merged record IDs', 'enumeration', 'checkbox', readOnly]
  switch (type) {
    case 'contacts':
      return [
        ['email', 'Email', 'string', 'text'],
        ['firstname', 'First Name', 'string', 'text'],
        ['lastname', 'Last Name', 'string', 'text'],
        ['phone', 'Phone Number', 'string', 'phonenumber'],
        ['company', 'Company Name', 'string', 'text'],
        ['jobtitle', 'Job Title', 'string', 'text'],
        ['website', 'Website URL', 'string', 'text'],
        ['city', 'City', 'string', 'text'],
        ['country', 'Country/Region', 'string', 'text'],
        ['lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', { options: lifecycleStages }],
        owner,
        ['hs_additional_emails', 'Additional email addresses', 'enumeration', 'checkbox', readOnly],
        ['createdate', 'Create Date', 'datetime', 'date'],
        ['lastmodifieddate', 'Last Modified Date', 'datetime', 'date', readOnly],
        objectId,
        merged,
      ]
    case 'companies':
      return [
        ['name', 'Company name', 'string', 'text'],
        ['domain', 'Company Domain Name', 'string', 'text'],
        ['website', 'Website URL', 'string', 'text'],
        ['phone', 'Phone Number', 'string', 'phonenumber'],
        ['industry', 'Industry', 'string', 'text'],
        ['city', 'City', 'string', 'text'],
        ['country', 'Country/Region', 'string', 'text'],
        ['numberofemployees', 'Number of Employees', 'number', 'number'],
        ['annualrevenue', 'Annual Revenue', 'number', 'number'],
        ['description', 'Description', 'string', 'textarea'],
        ['lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', { options: lifecycleStages }],
        owner,
        ['createdate', 'Create Date', 'datetime', 'date'],
        ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date', readOnly],
        objectId,
        merged,
      ]
    case 'tasks':
      return [
        ['hs_timestamp', 'Due date', 'datetime', 'date'],
        ['hs_task_subject', 'Task Title', 'string', 'text'],
        ['hs_task_body', 'Notes', 'string', 'html'],
        ['hs_task_status', 'Task Status', 'enumeration', 'select', { options: options('NOT_STARTED', 'COMPLETED') }],
        [
          'hs_task_priority',
          'Priority',
          'enumeration',
          'select',
          { options: options('NONE', 'LOW', 'MEDIUM', 'HIGH') },
        ],
        ['hs_task_type', 'Task Type', 'enumeration', 'select', { options: options('EMAIL', 'CALL', 'TODO') }],
        ['hs_task_reminders', 'Reminder', 'string', 'text'],
        owner,
        ['hs_createdate', 'Create date', 'datetime', 'date', readOnly],
        ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date', readOnly],
        objectId,
      ]
  }
}

/** HubSpot's own properties of an object type, as a fresh portal has them. */
export function defaultProperties(type: ObjectType, owners: readonly SimOwner[], nowMs: number): PropertyDefinition[] {
  const ownerOptions = owners.map((owner, displayOrder) => ({
    label: `${owner.firstName} ${owner.lastName}`,
    value: owner.id,
    hidden: false,
    displayOrder,
  }))
  return specsFor(type, ownerOptions).map(([name, label, propertyType, fieldType, extra], displayOrder) => ({
    name,
    label,
    type: propertyType,
    fieldType,
    groupName: defaultGroups[type].name,
    description: '',
    options: [],
    displayOrder,
    hasUniqueValue: false,
    hidden: false,
    formField: true,
    hubspotDefined: true,
    readOnlyValue: false,
    createdAt: nowMs,
    updatedAt: nowMs,
    archived: false,
    ...extra,
  }))
}
