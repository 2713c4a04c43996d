import { ownValue } from '../../data-record.ts'
import type { CrmRecord } from './crm-record.ts'
import { type ObjectType, objectTypes } from './object-types.ts'

/** The records of every object type, with the indexes that find a record by a unique property. */
export type RecordStore = {
  /** A live record by id; an id merged away gives the record it was merged into. */
  get(type: ObjectType, id: string): CrmRecord | undefined
  /** An archived record by id. */
  getArchived(type: ObjectType, id: string): CrmRecord | undefined
  /**
   * The live record whose unique property holds this value. `hs_object_id` finds by id; `email` is matched
   * case-insensitively against primary and secondary (`hs_additional_emails`) addresses.
   */
  findByUnique(type: ObjectType, property: string, value: string): CrmRecord | undefined
  /** Live records in id order. */
  list(type: ObjectType): CrmRecord[]
  /** A new record id. */
  nextId(): string
  insert(type: ObjectType, record: CrmRecord): void
  /** Sets values on a record ("" clears) and keeps the unique indexes current. */
  write(type: ObjectType, record: CrmRecord, values: Readonly<Record<string, string>>): void
  archive(type: ObjectType, record: CrmRecord, nowMs: number): void
  /** Deletes a record for good (a GDPR deletion): not archived, not found again by id or by any unique value. */
  purge(type: ObjectType, record: CrmRecord): void
  /** Removes `mergedId`; from now on that id resolves to `primaryId`. */
  retireMerged(type: ObjectType, mergedId: string, primaryId: string): void
  /** The first unique value among `values` that another live record already holds. */
  findConflict(
    type: ObjectType,
    values: Readonly<Record<string, string>>,
    exceptId: string | undefined,
  ): { property: string; existingId: string } | undefined
  snapshot(): RecordStoreSnapshot
}

export type RecordStoreSnapshot = {
  nextId: number
  records: Record<string, CrmRecord[]>
  merged: [string, string][]
}

const ADDITIONAL_EMAILS = 'hs_additional_emails'

export function createRecordStore(
  isUnique: (type: ObjectType, property: string) => boolean,
  restored?: RecordStoreSnapshot,
): RecordStore {
  let lastId = restored?.nextId ?? 100
  const records = new Map<ObjectType, Map<string, CrmRecord>>()
  const indexes = new Map<ObjectType, Map<string, Map<string, string>>>()
  const mergedInto = new Map<string, string>(restored?.merged ?? [])
  for (const type of objectTypes) {
    records.set(type, new Map())
    indexes.set(type, new Map())
  }
  const recordsOf = (type: ObjectType): Map<string, CrmRecord> => records.get(type) ?? new Map()
  const indexOf = (type: ObjectType, property: string): Map<string, string> => {
    const byProperty = indexes.get(type) ?? new Map<string, Map<string, string>>()
    let index = byProperty.get(property)
    if (index === undefined) {
      index = new Map()
      byProperty.set(property, index)
    }
    return index
  }

  // Secondary emails live in the email index: a contact is found by any of its addresses.
  const indexedKeys = (type: ObjectType, property: string, value: string): [string, string][] => {
    if (type === 'contacts' && property === ADDITIONAL_EMAILS) {
      return value
        .split(';')
        .filter((email) => email !== '')
        .map((email) => ['email', email.toLowerCase()])
    }
    if (!isUnique(type, property)) return []
    return [[property, property === 'email' ? value.toLowerCase() : value]]
  }
  // Properties may have any name HubSpot allows (`constructor` too): a record's own values only.
  const unindex = (type: ObjectType, record: CrmRecord, property: string): void => {
    const value = ownValue(record.properties, property)
    if (value === undefined) return
    for (const [key, normalized] of indexedKeys(type, property, value)) {
      const index = indexOf(type, key)
      if (index.get(normalized) === record.id) index.delete(normalized)
    }
  }
  const index = (type: ObjectType, record: CrmRecord, property: string): void => {
    const value = ownValue(record.properties, property)
    if (value === undefined) return
    for (const [key, normalized] of indexedKeys(type, property, value)) indexOf(type, key).set(normalized, record.id)
  }
  const resolve = (id: string): string => {
    let current = id
    for (let hops = 0; hops < 100; hops++) {
      const next = mergedInto.get(current)
      if (next === undefined) return current
      current = next
    }
    return current
  }

  const store: RecordStore = {
    get(type, id) {
      const record = recordsOf(type).get(resolve(id))
      return record?.archived === false ? record : undefined
    },
    getArchived(type, id) {
      const record = recordsOf(type).get(id)
      return record?.archived === true ? record : undefined
    },
    findByUnique(type, property, value) {
      if (property === 'hs_object_id') return store.get(type, value)
      const id = indexOf(type, property).get(property === 'email' ? value.toLowerCase() : value)
      return id === undefined ? undefined : store.get(type, id)
    },
    list: (type) => [...recordsOf(type).values()].filter((record) => !record.archived),
    nextId: () => String(++lastId),
    insert(type, record) {
      recordsOf(type).set(record.id, record)
      for (const property of Object.keys(record.properties)) index(type, record, property)
    },
    write(type, record, values) {
      for (const [property, value] of Object.entries(values)) {
        unindex(type, record, property)
        if (value === '') delete record.properties[property]
        else record.properties[property] = value
        index(type, record, property)
      }
    },
    archive(type, record, nowMs) {
      for (const property of Object.keys(record.properties)) unindex(type, record, property)
      record.archived = true
      record.archivedAt = nowMs
    },
    purge(type, record) {
      for (const property of Object.keys(record.properties)) unindex(type, record, property)
      recordsOf(type).delete(record.id)
    },
    retireMerged(type, mergedId, primaryId) {
      const merged = recordsOf(type).get(mergedId)
      if (merged !== undefined) {
        for (const property of Object.keys(merged.properties)) unindex(type, merged, property)
        recordsOf(type).delete(mergedId)
      }
      mergedInto.set(mergedId, primaryId)
    },
    findConflict(type, values, exceptId) {
      for (const [property, value] of Object.entries(values)) {
        if (value === '') continue
        for (const [key, normalized] of indexedKeys(type, property, value)) {
          const existingId = indexOf(type, key).get(normalized)
          if (existingId !== undefined && existingId !== exceptId) return { property, existingId }
        }
      }
      return undefined
    },
    snapshot() {
      const all: Record<string, CrmRecord[]> = {}
      for (const type of objectTypes) all[type] = [...recordsOf(type).values()]
      return { nextId: lastId, records: all, merged: [...mergedInto.entries()] }
    },
  }

  for (const type of objectTypes) {
    for (const record of restored?.records[type] ?? []) {
      recordsOf(type).set(record.id, record)
      if (!record.archived) for (const property of Object.keys(record.properties)) index(type, record, property)
    }
  }
  return store
}
