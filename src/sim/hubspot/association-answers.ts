import type { FastifyReply } from 'fastify'
import { type AssociationSpec, defaultAssociationTypeId, inverseSpec, specLabel } from './association-types.ts'
import type { CrmRecord } from './crm-record.ts'
import type { CrmState } from './crm-state.ts'
import { type ObjectType, objectTypeIds } from './object-types.ts'
import { objectTypeOrReply, sendError } from './route-errors.ts'

/** A spec as requests and default-association answers carry it. */
export const wireSpec = (spec: AssociationSpec) => ({
  associationCategory: spec.category,
  associationTypeId: spec.typeId,
})

/** A spec as association listings carry it (`AssociationSpecWithLabel`). */
export const withLabel = (spec: AssociationSpec) => ({
  category: spec.category,
  typeId: spec.typeId,
  label: specLabel(spec),
})

/** Both object types of an association path, or a 400 already sent. */
export function associationTypesOrReply(
  reply: FastifyReply,
  state: CrmState,
  from: string,
  to: string,
): [ObjectType, ObjectType] | undefined {
  const fromType = objectTypeOrReply(reply, state, from)
  if (fromType === undefined) return undefined
  const toType = objectTypeOrReply(reply, state, to)
  return toType === undefined ? undefined : [fromType, toType]
}

export function sendMissingRecord(reply: FastifyReply, state: CrmState, type: ObjectType, id: string): FastifyReply {
  return sendError(reply, state, 400, 'VALIDATION_ERROR', `No ${type} record with id ${id} exists`)
}

/** HubSpot's `LabelsBetweenObjectPair`: the labels now between two records (unlabelled types left out). */
export function labelsBetween(
  state: CrmState,
  fromType: ObjectType,
  from: CrmRecord,
  toType: ObjectType,
  to: CrmRecord,
) {
  const specs = state.associations.list(fromType, from.id, toType).find((entry) => entry.toId === to.id)?.specs ?? []
  return {
    fromObjectTypeId: objectTypeIds[fromType],
    fromObjectId: from.id,
    toObjectTypeId: objectTypeIds[toType],
    toObjectId: to.id,
    labels: specs.map(specLabel).filter((label): label is string => label !== null),
  }
}

/**
 * Makes the default (unlabelled) association and gives the results of a default-association answer: both
 * directions, as HubSpot lists them (a choice: the count of results HubSpot returns is unverified). Undefined when
 * the two types have no default association.
 */
export function associateDefault(
  state: CrmState,
  fromType: ObjectType,
  from: CrmRecord,
  toType: ObjectType,
  to: CrmRecord,
) {
  const typeId = defaultAssociationTypeId(fromType, toType)
  if (typeId === undefined) return undefined
  const spec: AssociationSpec = { category: 'HUBSPOT_DEFINED', typeId }
  state.associations.add(fromType, from.id, toType, to.id, [spec])
  return [
    { from: { id: from.id }, to: { id: to.id }, associationSpec: wireSpec(spec) },
    { from: { id: to.id }, to: { id: from.id }, associationSpec: wireSpec(inverseSpec(spec)) },
  ]
}
