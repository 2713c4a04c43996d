import type { ObjectType } from './object-types.ts'

export type AssociationCategory = 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED'

/** One association type in one direction, as `{associationCategory, associationTypeId}` names it on the wire. */
export type AssociationSpec = { category: AssociationCategory; typeId: number }

type HubspotDefinedType = { typeId: number; from: ObjectType; to: ObjectType; label: string | null; inverseId: number }

/** HubSpot-defined association types between the simulator's objects (ids from the SDK's `AssociationTypes`). */
const hubspotDefined: readonly HubspotDefinedType[] = [
  { typeId: 1, from: 'contacts', to: 'companies', label: 'Primary', inverseId: 2 },
  { typeId: 2, from: 'companies', to: 'contacts', label: 'Primary', inverseId: 1 },
  { typeId: 279, from: 'contacts', to: 'companies', label: null, inverseId: 280 },
  { typeId: 280, from: 'companies', to: 'contacts', label: null, inverseId: 279 },
  { typeId: 203, from: 'contacts', to: 'tasks', label: null, inverseId: 204 },
  { typeId: 204, from: 'tasks', to: 'contacts', label: null, inverseId: 203 },
  { typeId: 191, from: 'companies', to: 'tasks', label: null, inverseId: 192 },
  { typeId: 192, from: 'tasks', to: 'companies', label: null, inverseId: 191 },
]

/** The unlabelled ("default") type from one object type to another. */
export function defaultAssociationTypeId(from: ObjectType, to: ObjectType): number | undefined {
  return hubspotDefined.find((t) => t.from === from && t.to === to && t.label === null)?.typeId
}

/** A HubSpot-defined type by id. */
export function hubspotDefinedType(typeId: number): HubspotDefinedType | undefined {
  return hubspotDefined.find((t) => t.typeId === typeId)
}

/**
 * Whether a spec may link `from` to `to`. HubSpot-defined ids must be the ones for that pair of types; user- and
 * integrator-defined labels are accepted with any id, since the simulator has no label definitions (a choice: HubSpot
 * would refuse an id that is not defined in the portal).
 */
export function isValidSpec(spec: AssociationSpec, from: ObjectType, to: ObjectType): boolean {
  if (spec.category !== 'HUBSPOT_DEFINED') return Number.isInteger(spec.typeId) && spec.typeId > 0
  const known = hubspotDefinedType(spec.typeId)
  return known !== undefined && known.from === from && known.to === to
}

/** The same association seen from the other side. */
export function inverseSpec(spec: AssociationSpec): AssociationSpec {
  if (spec.category !== 'HUBSPOT_DEFINED') return spec
  return { category: spec.category, typeId: hubspotDefinedType(spec.typeId)?.inverseId ?? spec.typeId }
}

/** The label HubSpot shows for a spec (null for unlabelled ones). */
export function specLabel(spec: AssociationSpec): string | null {
  return spec.category === 'HUBSPOT_DEFINED' ? (hubspotDefinedType(spec.typeId)?.label ?? null) : null
}
