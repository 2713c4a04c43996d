import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledSegment } from './compiled-model.ts'
import type { Lookup } from './expression.ts'

const truthy = (value: unknown) =>
  value !== undefined && value !== null && value !== false && value !== 0 && value !== ''

export interface SegmentMembership {
  /** Whether the subject is in the segment; undefined when the model has no segment of that name. */
  read(name: string): boolean | undefined
  /** Works out every segment not read yet, so that `values` holds them all. */
  settle(): void
}

const noSegments: SegmentMembership = { read: () => undefined, settle: () => {} }

/**
 * One subject's segment memberships, each worked out when first read and written into `values` under the segment's
 * name. Reading lazily lets a segment read the scores computed before the score that uses it (the model check
 * makes sure those are the only scores it reads).
 */
export function segmentMembership(
  segments: readonly CompiledSegment[],
  values: Record<string, PropertyValue>,
  lookup: Lookup,
): SegmentMembership {
  if (segments.length === 0) return noSegments
  const pending = new Set<string>()
  const read = (name: string): boolean | undefined => {
    const known = values[name]
    if (typeof known === 'boolean') return known
    // A handful of segments: a scan is cheaper than building a map on every evaluation.
    const segment = segments.find((s) => s.name === name)
    // A loop between segments is a model problem; should one slip through, it reads as "not a member".
    if (segment === undefined || pending.has(name)) return undefined
    pending.add(name)
    const isMember = truthy(segment.when.evaluate(lookup))
    pending.delete(name)
    values[name] = isMember
    return isMember
  }
  return {
    read,
    settle: () => {
      for (const segment of segments) read(segment.name)
    },
  }
}
