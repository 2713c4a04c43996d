import { type AssociationSpec, inverseSpec } from './association-types.ts'
import type { ObjectType } from './object-types.ts'

/** Associations between records; every association is kept in both directions, as HubSpot does. */
export type AssociationStore = {
  add(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, specs: readonly AssociationSpec[]): void
  /** Removes the given types between two records, or every type when none is given. */
  remove(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, typeIds?: readonly number[]): void
  /** Records of `toType` associated with a record, with the types of each association, in id order. */
  list(fromType: ObjectType, fromId: string, toType: ObjectType): { toId: string; specs: AssociationSpec[] }[]
  /** Removes every association of a record. */
  removeAll(type: ObjectType, id: string): void
  /** Moves every association of `fromId` to `toId` (a merge). */
  moveAll(type: ObjectType, fromId: string, toId: string): void
  snapshot(): AssociationEdge[]
}

/** `[fromKey, toKey, specs]` with keys `type:id`. */
export type AssociationEdge = [string, string, AssociationSpec[]]

const keyOf = (type: ObjectType, id: string): string => `${type}:${id}`
const specKey = (spec: AssociationSpec): string => `${spec.category}:${spec.typeId}`
const parseKey = (key: string): [ObjectType, string] => {
  const at = key.indexOf(':')
  return [key.slice(0, at) as ObjectType, key.slice(at + 1)]
}

export function createAssociationStore(restored: readonly AssociationEdge[] = []): AssociationStore {
  const edges = new Map<string, Map<string, Map<string, AssociationSpec>>>()
  const specsBetween = (from: string, to: string): Map<string, AssociationSpec> => {
    let targets = edges.get(from)
    if (targets === undefined) {
      targets = new Map()
      edges.set(from, targets)
    }
    let specs = targets.get(to)
    if (specs === undefined) {
      specs = new Map()
      targets.set(to, specs)
    }
    return specs
  }
  const drop = (from: string, to: string, typeIds: readonly number[] | undefined): void => {
    const targets = edges.get(from)
    const specs = targets?.get(to)
    if (targets === undefined || specs === undefined) return
    for (const [key, spec] of specs) if (typeIds === undefined || typeIds.includes(spec.typeId)) specs.delete(key)
    if (specs.size === 0) targets.delete(to)
  }
  const addKeys = (from: string, to: string, specs: readonly AssociationSpec[]): void => {
    for (const spec of specs) {
      specsBetween(from, to).set(specKey(spec), spec)
      const inverse = inverseSpec(spec)
      specsBetween(to, from).set(specKey(inverse), inverse)
    }
  }

  const store: AssociationStore = {
    add(fromType, fromId, toType, toId, specs) {
      addKeys(keyOf(fromType, fromId), keyOf(toType, toId), specs)
    },
    remove(fromType, fromId, toType, toId, typeIds) {
      const from = keyOf(fromType, fromId)
      const to = keyOf(toType, toId)
      const inverseIds = typeIds?.map((typeId) => inverseSpec({ category: 'HUBSPOT_DEFINED', typeId }).typeId)
      drop(from, to, typeIds)
      drop(to, from, typeIds === undefined ? undefined : [...typeIds, ...(inverseIds ?? [])])
    },
    list(fromType, fromId, toType) {
      const targets = edges.get(keyOf(fromType, fromId))
      if (targets === undefined) return []
      const prefix = `${toType}:`
      return [...targets.entries()]
        .filter(([to, specs]) => to.startsWith(prefix) && specs.size > 0)
        .map(([to, specs]) => ({ toId: to.slice(prefix.length), specs: [...specs.values()] }))
        .sort((a, b) => Number(a.toId) - Number(b.toId))
    },
    removeAll(type, id) {
      const from = keyOf(type, id)
      for (const to of edges.get(from)?.keys() ?? []) edges.get(to)?.delete(from)
      edges.delete(from)
    },
    moveAll(type, fromId, toId) {
      const from = keyOf(type, fromId)
      const to = keyOf(type, toId)
      const targets = [...(edges.get(from)?.entries() ?? [])]
      store.removeAll(type, fromId)
      for (const [other, specs] of targets) if (other !== to) addKeys(to, other, [...specs.values()])
    },
    snapshot() {
      const all: AssociationEdge[] = []
      for (const [from, targets] of edges) for (const [to, specs] of targets) all.push([from, to, [...specs.values()]])
      return all
    },
  }

  for (const [from, to, specs] of restored) {
    const [fromType, fromId] = parseKey(from)
    const [toType, toId] = parseKey(to)
    for (const spec of specs) specsBetween(keyOf(fromType, fromId), keyOf(toType, toId)).set(specKey(spec), spec)
  }
  return store
}
