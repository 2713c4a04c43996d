import type { PercentileTiers } from './compiled-model.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { ScoreSpec } from './model-schema.ts'

type Path = readonly (string | number)[]

/**
 * A score's `percentile_labels`; undefined without them. Each top percentage is above 0 and at most 100 and above
 * the one before it (the file lists the highest tier first); one label at most is `null` (the rest); a score has
 * `labels` or `percentile_labels`, not both.
 */
export function compilePercentileTiers(
  spec: Pick<ScoreSpec, 'labels' | 'percentile_labels'>,
  path: Path,
  problems: ModelProblemAt[],
): PercentileTiers | undefined {
  const declared = spec.percentile_labels
  if (declared === undefined) return undefined
  const at = [...path, 'percentile_labels']
  if (spec.labels !== undefined) {
    problems.push({
      path: at,
      message: '"percentile_labels" does not go with "labels": label by points or by rank, not both',
      atKey: true,
    })
  }
  const tiers: { label: string; topPercent: number }[] = []
  const rest: string[] = []
  for (const [label, topPercent] of Object.entries(declared)) {
    if (topPercent === null) {
      rest.push(label)
      if (rest.length === 2) problems.push({ path: [...at, label], message: 'only one label can be the rest (null)' })
      continue
    }
    const previous = tiers[tiers.length - 1]
    if (topPercent <= 0 || topPercent > 100) {
      problems.push({ path: [...at, label], message: 'a top percentage is above 0 and at most 100' })
    } else if (previous !== undefined && topPercent <= previous.topPercent) {
      problems.push({
        path: [...at, label],
        message: `top ${topPercent} % is not above top ${previous.topPercent} % of "${previous.label}": list the highest tier first`,
      })
    }
    tiers.push({ label, topPercent })
  }
  if (tiers.length === 0) problems.push({ path: at, message: 'give at least one label a top percentage', atKey: true })
  return { tiers, fallbackLabel: rest[0] ?? null }
}
