import { type AssociationEdge, type AssociationStore, createAssociationStore } from './association-store.ts'
import { objectTypes } from './object-types.ts'
import type { SimOwner } from './owners.ts'
import type { PropertyDefinition, PropertyGroup } from './property-definition.ts'
import { createPropertyRegistry, type PropertyRegistry } from './property-registry.ts'
import { createRecordStore, type RecordStore, type RecordStoreSnapshot } from './record-store.ts'

/** Everything the simulated portal holds, and what the CRM routes need beside it. */
export type CrmState = {
  records: RecordStore
  properties: PropertyRegistry
  associations: AssociationStore
  owners: readonly SimOwner[]
  portalId: number
  startedAtMs: number
  now: () => number
  newCorrelationId: () => string
  /** Called after every change, so the data file can be saved. */
  changed: () => void
}

/** The portal's data as the data file holds it. */
export type CrmSnapshot = {
  version: 1
  records: RecordStoreSnapshot
  associations: AssociationEdge[]
  properties: Record<string, PropertyDefinition[]>
  groups: Record<string, PropertyGroup[]>
}

export type CrmStateOptions = {
  owners: readonly SimOwner[]
  portalId: number
  now: () => number
  newCorrelationId: () => string
  changed: () => void
  restored?: CrmSnapshot | undefined
}

export function createCrmState(options: CrmStateOptions): CrmState {
  const startedAtMs = options.now()
  const properties = createPropertyRegistry(options.owners, startedAtMs)
  for (const type of objectTypes) {
    for (const group of options.restored?.groups[type] ?? []) properties.putGroup(type, group)
    for (const definition of options.restored?.properties[type] ?? []) properties.put(type, definition)
  }
  return {
    records: createRecordStore(properties.isUnique, options.restored?.records),
    properties,
    associations: createAssociationStore(options.restored?.associations),
    owners: options.owners,
    portalId: options.portalId,
    startedAtMs,
    now: options.now,
    newCorrelationId: options.newCorrelationId,
    changed: options.changed,
  }
}

export function snapshotCrmState(state: CrmState): CrmSnapshot {
  const custom = state.properties.custom()
  return {
    version: 1,
    records: state.records.snapshot(),
    associations: state.associations.snapshot(),
    properties: custom.properties,
    groups: custom.groups,
  }
}
