import type { LabelColor } from './label-color.ts'
import type { LabelBoundSpec } from './model-schema.ts'

/**
 * A score's `labels` in their short form (label → lowest score, or null for the label below the others) and the
 * colours the long form `{ min, color }` gives some of them.
 */
export function labelBounds(labels: Readonly<Record<string, LabelBoundSpec>> | undefined): {
  bounds: Record<string, number | null>
  colors: Record<string, LabelColor>
} {
  const bounds: Record<string, number | null> = {}
  const colors: Record<string, LabelColor> = {}
  for (const [label, bound] of Object.entries(labels ?? {})) {
    if (bound === null || typeof bound === 'number') {
      bounds[label] = bound
      continue
    }
    bounds[label] = bound.min ?? null
    if (bound.color !== undefined) colors[label] = bound.color
  }
  return { bounds, colors }
}
