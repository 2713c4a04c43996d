import type { CompiledScore, ScoreOutputKind, ScoreOutputOverrides } from './compiled-model.ts'
import { scoreOutputs } from './crm-definitions.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { ScoreSpec } from './model-schema.ts'
import { eventsPropertyOf } from './recent-signals.ts'

type Path = readonly (string | number)[]

/** The outputs beside the score's value, by their key in `outputs` and what the score needs to write them. */
const BESIDE: readonly { kind: Exclude<ScoreOutputKind, 'score'>; needs: string }[] = [
  { kind: 'label', needs: 'labels' },
  { kind: 'grid', needs: 'grid' },
  { kind: 'grade_score', needs: 'grid bands' },
  { kind: 'fit', needs: 'fit group' },
  { kind: 'engagement', needs: 'engagement group' },
  { kind: 'reasons', needs: 'reasons' },
  { kind: 'signals', needs: 'recent_signals' },
]

/** HubSpot keeps the `hs_` prefix for its own properties. */
function reservedName(name: string | undefined, path: Path): ModelProblemAt[] {
  return name?.startsWith('hs_') === true
    ? [{ path, message: `"${name}": names starting with hs_ are HubSpot's own properties` }]
    : []
}

/** Whether a score has a rule that counts events (`recent_signals` lists them). */
const hasEventRules = (score: CompiledScore) =>
  score.groups.some((group) => group.rules.some((rule) => eventsPropertyOf(rule) !== undefined))

/**
 * A compiled score with the CRM names and labels its `outputs` give (HubSpot's output configuration), and its
 * `recent_signals`. An output the score does not write (a grid property without a grid) is a problem.
 */
export function withOutputs(
  compiled: CompiledScore,
  { outputs: spec, recent_signals }: Pick<ScoreSpec, 'outputs' | 'recent_signals'>,
  path: Path,
  problems: ModelProblemAt[],
): CompiledScore {
  if (recent_signals !== undefined && !hasEventRules(compiled)) {
    problems.push({ path: [...path, 'recent_signals'], message: 'recent_signals needs event rules', atKey: true })
  }
  const score = recent_signals === undefined ? compiled : { ...compiled, recentSignals: recent_signals }
  if (spec === undefined) return score
  const at = [...path, 'outputs']
  const overrides: { -readonly [K in keyof ScoreOutputOverrides]: ScoreOutputOverrides[K] } = {}
  if (spec.property !== undefined || spec.label !== undefined || spec.description !== undefined) {
    problems.push(...reservedName(spec.property, [...at, 'property']))
    overrides.score = { name: spec.property, label: spec.label, description: spec.description }
  }
  const written = new Set(scoreOutputs(score).map((output) => output.kind))
  for (const { kind, needs } of BESIDE) {
    const given = spec[`${kind}_property`]
    if (given === undefined) continue
    const named = typeof given === 'string' ? { name: given } : given
    if (!written.has(kind)) {
      problems.push({
        path: [...at, `${kind}_property`],
        message: `score "${score.name}" writes no ${kind.replace('_', ' ')}: it has no ${needs}`,
        atKey: true,
      })
    }
    problems.push(...reservedName(named.name, [...at, `${kind}_property`]))
    overrides[kind] = named
  }
  return { ...score, outputs: overrides }
}
