import type { CompiledScore } from '../scoring/compiled-model.ts'
import type { LabelColor } from '../scoring/label-color.ts'

/** A score's label as `GET /api/model` shows it: its lowest score (null: everything below) and its colour. */
export interface LabelJson {
  label: string
  atLeast: number | null
  color?: LabelColor
}

/** A score's labels, highest first, the label below the others last; each with its colour when the model gives one. */
export function labelsJson(score: CompiledScore): LabelJson[] {
  const withColor = (label: string, atLeast: number | null): LabelJson => {
    const color = score.labelColors?.[label]
    return color === undefined ? { label, atLeast } : { label, atLeast, color }
  }
  return [
    ...score.thresholds.map((t) => withColor(t.label, t.atLeast)),
    ...(score.fallbackLabel === null ? [] : [withColor(score.fallbackLabel, null)]),
  ]
}
