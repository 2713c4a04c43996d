import { type AssociationSpec, hubspotDefinedType, isValidSpec } from './association-types.ts'
import type { CrmRecord } from './crm-record.ts'
import type { CrmState } from './crm-state.ts'
import { createdProperty, lastModifiedProperty } from './default-properties.ts'
import { isUsableIdProperty } from './is-usable-id-property.ts'
import type { ObjectType } from './object-types.ts'
import type { PropertyProblem } from './property-problems.ts'
import { validateProperties } from './validate-properties.ts'

/** Why a write was refused; the routes turn each kind into HubSpot's status and body. */
export type WriteFailure =
  | { kind: 'validation'; problems: PropertyProblem[] }
  | { kind: 'conflict'; property: string; existingId: string }
  | { kind: 'not_found'; id: string }
  | { kind: 'invalid_association'; message: string }
  | { kind: 'non_unique_id_property'; property: string }

export type WriteOutcome = { ok: true; record: CrmRecord; created: boolean } | ({ ok: false } & WriteFailure)

/** An association given inline when creating a record (`associations` of a create input). */
export type InlineAssociation = { to: { id: string }; types: AssociationSpec[] }

/** A live record by id, or by the value of a unique property when `idProperty` names one. */
export function findRecord(
  state: CrmState,
  type: ObjectType,
  id: string,
  idProperty: string | undefined,
): CrmRecord | undefined {
  if (idProperty === undefined || idProperty === 'hs_object_id') return state.records.get(type, id)
  if (!state.properties.isUnique(type, idProperty)) return undefined
  return state.records.findByUnique(type, idProperty, id)
}

/** A create that passed every check, ready to be written. */
export type PreparedCreate = {
  values: Record<string, string>
  links: { toType: ObjectType; toId: string; specs: AssociationSpec[] }[]
}

/** Checks a create (values, unique values, inline associations) without writing anything. */
export function prepareCreate(
  state: CrmState,
  type: ObjectType,
  properties: Readonly<Record<string, unknown>>,
  associations: readonly InlineAssociation[] = [],
): { ok: true; prepared: PreparedCreate } | ({ ok: false } & WriteFailure) {
  const validated = validateProperties(state, type, properties, true)
  if (!validated.ok) return { ok: false, kind: 'validation', problems: validated.problems }
  const conflict = state.records.findConflict(type, validated.values, undefined)
  if (conflict !== undefined) return { ok: false, kind: 'conflict', ...conflict }
  const links = resolveInlineAssociations(state, type, associations)
  if (!Array.isArray(links)) return { ok: false, kind: 'invalid_association', message: links.message }
  return { ok: true, prepared: { values: validated.values, links } }
}

/** Writes a prepared create. */
export function commitCreate(state: CrmState, type: ObjectType, prepared: PreparedCreate): WriteOutcome {
  const nowMs = state.now()
  const at = new Date(nowMs).toISOString()
  const id = state.records.nextId()
  const stored: Record<string, string> = {}
  for (const [name, value] of Object.entries(prepared.values)) if (value !== '') stored[name] = value
  const record: CrmRecord = {
    id,
    properties: {
      [createdProperty[type]]: at,
      ...stored,
      [lastModifiedProperty[type]]: at,
      hs_object_id: id,
    },
    createdAt: nowMs,
    updatedAt: nowMs,
    archived: false,
  }
  state.records.insert(type, record)
  for (const link of prepared.links) state.associations.add(type, id, link.toType, link.toId, link.specs)
  state.changed()
  return { ok: true, record, created: true }
}

export function createRecord(
  state: CrmState,
  type: ObjectType,
  properties: Readonly<Record<string, unknown>>,
  associations: readonly InlineAssociation[] = [],
): WriteOutcome {
  const checked = prepareCreate(state, type, properties, associations)
  return checked.ok ? commitCreate(state, type, checked.prepared) : checked
}

export function updateRecord(
  state: CrmState,
  type: ObjectType,
  record: CrmRecord,
  properties: Readonly<Record<string, unknown>>,
): WriteOutcome {
  const validated = validateProperties(state, type, properties, false)
  if (!validated.ok) return { ok: false, kind: 'validation', problems: validated.problems }
  return applyUpdate(state, type, record, validated.values)
}

function applyUpdate(
  state: CrmState,
  type: ObjectType,
  record: CrmRecord,
  values: Record<string, string>,
): WriteOutcome {
  const conflict = state.records.findConflict(type, values, record.id)
  if (conflict !== undefined) return { ok: false, kind: 'conflict', ...conflict }
  const nowMs = state.now()
  state.records.write(type, record, { ...values, [lastModifiedProperty[type]]: new Date(nowMs).toISOString() })
  record.updatedAt = nowMs
  state.changed()
  return { ok: true, record, created: false }
}

/**
 * Creates or updates the record identified by `id` in `idProperty` (the record id when absent). A new record gets
 * `idProperty` = `id`. A contact found through a secondary email keeps its primary email (a choice: HubSpot's
 * behaviour there is unverified).
 */
export function upsertRecord(
  state: CrmState,
  type: ObjectType,
  id: string,
  idProperty: string | undefined,
  properties: Readonly<Record<string, unknown>>,
): WriteOutcome {
  const byProperty = idProperty ?? 'hs_object_id'
  if (!isUsableIdProperty(state.properties, type, byProperty)) {
    return { ok: false, kind: 'non_unique_id_property', property: byProperty }
  }
  const existing = findRecord(state, type, id, byProperty)
  if (existing !== undefined) {
    const validated = validateProperties(state, type, properties, false)
    if (!validated.ok) return { ok: false, kind: 'validation', problems: validated.problems }
    const values = validated.values
    if (type === 'contacts' && byProperty === 'email' && values.email?.toLowerCase() === id.toLowerCase()) {
      delete values.email
    }
    return applyUpdate(state, type, existing, values)
  }
  if (byProperty === 'hs_object_id') return { ok: false, kind: 'not_found', id }
  return createRecord(state, type, { ...properties, [byProperty]: id })
}

function resolveInlineAssociations(
  state: CrmState,
  type: ObjectType,
  associations: readonly InlineAssociation[],
): { toType: ObjectType; toId: string; specs: AssociationSpec[] }[] | { message: string } {
  const links: { toType: ObjectType; toId: string; specs: AssociationSpec[] }[] = []
  for (const association of associations) {
    const first = association.types[0]
    // The target's object type follows from the association type; only HubSpot-defined ids name one.
    const toType = first === undefined ? undefined : hubspotDefinedType(first.typeId)?.to
    if (first === undefined || first.category !== 'HUBSPOT_DEFINED' || toType === undefined) {
      return { message: `One or more associations are invalid: no HubSpot-defined association type from ${type}` }
    }
    if (!association.types.every((spec) => isValidSpec(spec, type, toType))) {
      return { message: `One or more associations are invalid: type ids do not link ${type} to ${toType}` }
    }
    const target = state.records.get(toType, association.to.id)
    if (target === undefined) {
      return { message: `One or more associations are invalid: ${toType} ${association.to.id} does not exist` }
    }
    // A merged-away id resolves to the record it was merged into.
    links.push({ toType, toId: target.id, specs: association.types })
  }
  return links
}
