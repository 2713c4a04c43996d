import { ownValue } from '../../data-record.ts'
/** The CRM object types the simulator serves. */
export const objectTypes = ['contacts', 'companies', 'tasks'] as const
export type ObjectType = (typeof objectTypes)[number]

/** HubSpot's object type ids (`0-1` contacts, `0-2` companies, `0-27` tasks). */
export const objectTypeIds: Record<ObjectType, string> = { contacts: '0-1', companies: '0-2', tasks: '0-27' }

/** Singular names used in HubSpot's messages ("Could not get some CONTACT objects …", "Contact already exists …"). */
export const objectTypeNames: Record<ObjectType, string> = { contacts: 'Contact', companies: 'Company', tasks: 'Task' }

const aliases: Record<string, ObjectType> = {
  contacts: 'contacts',
  contact: 'contacts',
  '0-1': 'contacts',
  companies: 'companies',
  company: 'companies',
  '0-2': 'companies',
  tasks: 'tasks',
  task: 'tasks',
  '0-27': 'tasks',
}

/** Reads an object type as HubSpot accepts it in paths: plural, singular or type id, any case. */
export function parseObjectType(raw: string): ObjectType | undefined {
  // The path is data: `constructor` is no object type.
  return ownValue(aliases, raw.toLowerCase())
}
