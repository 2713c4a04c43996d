import type { PropertyValue } from '../properties/property-value.ts'

/** A property whose value moved; `null` is absent. */
export interface PropertyChange {
  property: string
  from: PropertyValue
  to: PropertyValue
}

/** A segment the subject entered (`true`) or left. */
export interface SegmentChange {
  segment: string
  entered: boolean
}

export interface ValueChanges {
  propertyChanges: PropertyChange[]
  segments: SegmentChange[]
}

/** What `valueChanges` reads of a subject's model. */
export interface SubjectDefinitions {
  properties: readonly { name: string; hidden?: boolean }[]
  segments: readonly { name: string }[]
}

/**
 * What moved between two evaluations of one subject: the properties it declares whose value differs (not the hidden
 * ones that event rules and static segments keep for themselves), in declaration order, and the segments it entered
 * or left. Memberships are values under the segment's name, so both come from the same comparison. `before` is
 * undefined for a subject seen for the first time.
 */
export function valueChanges(
  definitions: SubjectDefinitions,
  before: Readonly<Record<string, PropertyValue>> | undefined,
  after: Readonly<Record<string, PropertyValue>>,
): ValueChanges {
  const propertyChanges: PropertyChange[] = []
  for (const { name, hidden } of definitions.properties) {
    if (hidden === true) continue
    const from = before?.[name] ?? null
    const to = after[name] ?? null
    if (from !== to) propertyChanges.push({ property: name, from, to })
  }
  const segments: SegmentChange[] = []
  for (const { name } of definitions.segments) {
    const wasMember = before?.[name] === true
    const isMember = after[name] === true
    if (wasMember !== isMember) segments.push({ segment: name, entered: isMember })
  }
  return { propertyChanges, segments }
}
