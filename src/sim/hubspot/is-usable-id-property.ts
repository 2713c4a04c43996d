import type { ObjectType } from './object-types.ts'
import type { PropertyRegistry } from './property-registry.ts'

/** Whether records may be looked up by an `idProperty`: none given, `hs_object_id`, or a unique property. */
export function isUsableIdProperty(
  properties: Pick<PropertyRegistry, 'isUnique'>,
  type: ObjectType,
  idProperty: string | undefined,
): boolean {
  return idProperty === undefined || idProperty === 'hs_object_id' || properties.isUnique(type, idProperty)
}
