import { defaultGroups, defaultProperties } from './default-properties.ts'
import { type ObjectType, objectTypes } from './object-types.ts'
import type { SimOwner } from './owners.ts'
import type { PropertyDefinition, PropertyGroup } from './property-definition.ts'

/** The property definitions and property groups of every object type. */
export type PropertyRegistry = {
  /** A live (not archived) property. */
  get(type: ObjectType, name: string): PropertyDefinition | undefined
  /** A property whether archived or not. */
  find(type: ObjectType, name: string): PropertyDefinition | undefined
  list(type: ObjectType, archived: boolean): PropertyDefinition[]
  put(type: ObjectType, definition: PropertyDefinition): void
  /** Whether a property identifies one record (email on contacts, or `hasUniqueValue`). */
  isUnique(type: ObjectType, name: string): boolean
  getGroup(type: ObjectType, name: string): PropertyGroup | undefined
  listGroups(type: ObjectType, archived: boolean): PropertyGroup[]
  putGroup(type: ObjectType, group: PropertyGroup): void
  /** Properties and groups created through the API (HubSpot's own are rebuilt at start), for the data file. */
  custom(): { properties: Record<string, PropertyDefinition[]>; groups: Record<string, PropertyGroup[]> }
}

export function createPropertyRegistry(owners: readonly SimOwner[], nowMs: number): PropertyRegistry {
  const properties = new Map<ObjectType, Map<string, PropertyDefinition>>()
  const groups = new Map<ObjectType, Map<string, PropertyGroup>>()
  for (const type of objectTypes) {
    properties.set(type, new Map(defaultProperties(type, owners, nowMs).map((p) => [p.name, p])))
    groups.set(type, new Map([[defaultGroups[type].name, defaultGroups[type]]]))
  }
  const of = <T>(map: Map<ObjectType, Map<string, T>>, type: ObjectType): Map<string, T> => {
    const inner = map.get(type)
    if (inner === undefined) throw new Error(`no registry for ${type}`)
    return inner
  }

  return {
    get(type, name) {
      const definition = of(properties, type).get(name)
      return definition?.archived === false ? definition : undefined
    },
    find: (type, name) => of(properties, type).get(name),
    list: (type, archived) => [...of(properties, type).values()].filter((p) => p.archived === archived),
    put(type, definition) {
      of(properties, type).set(definition.name, definition)
    },
    isUnique(type, name) {
      if (type === 'contacts' && name === 'email') return true
      return of(properties, type).get(name)?.hasUniqueValue === true
    },
    getGroup(type, name) {
      const group = of(groups, type).get(name)
      return group?.archived === false ? group : undefined
    },
    listGroups: (type, archived) => [...of(groups, type).values()].filter((g) => g.archived === archived),
    putGroup(type, group) {
      of(groups, type).set(group.name, group)
    },
    custom() {
      const result = {
        properties: {} as Record<string, PropertyDefinition[]>,
        groups: {} as Record<string, PropertyGroup[]>,
      }
      for (const type of objectTypes) {
        result.properties[type] = [...of(properties, type).values()].filter((p) => !p.hubspotDefined)
        result.groups[type] = [...of(groups, type).values()].filter((g) => g.name !== defaultGroups[type].name)
      }
      return result
    },
  }
}
