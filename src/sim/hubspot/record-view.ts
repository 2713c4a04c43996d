import { ownValue } from '../../data-record.ts'
import type { AssociationStore } from './association-store.ts'
import { hubspotDefinedType } from './association-types.ts'
import type { CrmRecord } from './crm-record.ts'
import { createdProperty, defaultReadProperties, lastModifiedProperty } from './default-properties.ts'
import { type ObjectType, objectTypeNames, parseObjectType } from './object-types.ts'
import type { PropertyRegistry } from './property-registry.ts'

/**
 * HubSpot's `SimplePublicObject` JSON. With `selection`, the named properties that exist (null when empty) plus the
 * id and timestamps HubSpot always adds; an empty selection means HubSpot's defaults; undefined means every property
 * with a value (what the simulator answers to writes).
 */
export function toPublicObject(
  record: CrmRecord,
  type: ObjectType,
  registry: PropertyRegistry,
  selection?: readonly string[],
): Record<string, unknown> {
  return {
    id: record.id,
    properties: selectProperties(record, type, registry, selection),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: record.archived,
    ...(record.archivedAt === undefined ? {} : { archivedAt: new Date(record.archivedAt).toISOString() }),
  }
}

function selectProperties(
  record: CrmRecord,
  type: ObjectType,
  registry: PropertyRegistry,
  selection: readonly string[] | undefined,
): Record<string, string | null> {
  if (selection === undefined) return { ...record.properties }
  const names = selection.length === 0 ? defaultReadProperties[type] : selection
  const selected: Record<string, string | null> = {}
  for (const name of [...names, createdProperty[type], lastModifiedProperty[type], 'hs_object_id']) {
    // HubSpot leaves out requested properties that do not exist.
    if (registry.get(type, name) === undefined) continue
    selected[name] = ownValue(record.properties, name) ?? null
  }
  return selected
}

/** The v3 `associations` block of a read: `{companies: {results: [{id, type}]}}`, only for types with any. */
export function toAssociationsBlock(
  associations: AssociationStore,
  type: ObjectType,
  id: string,
  requested: readonly string[],
): Record<string, unknown> | undefined {
  const block: Record<string, unknown> = {}
  for (const raw of requested) {
    const toType = parseObjectType(raw)
    if (toType === undefined) continue
    const results = associations
      .list(type, id, toType)
      .flatMap(({ toId, specs }) => specs.map((spec) => ({ id: toId, type: v3TypeName(type, toType, spec.typeId) })))
    if (results.length > 0) block[toType] = { results }
  }
  return Object.keys(block).length === 0 ? undefined : block
}

function v3TypeName(from: ObjectType, to: ObjectType, typeId: number): string {
  const base = `${objectTypeNames[from].toLowerCase()}_to_${objectTypeNames[to].toLowerCase()}`
  const known = hubspotDefinedType(typeId)
  if (known === undefined) return String(typeId)
  return known.label === null && (from === 'contacts' || from === 'companies') && to !== 'tasks'
    ? `${base}_unlabeled`
    : base
}
