import {
  type Decay,
  geometricDecay,
  halfLifeDecay,
  lifespanDecay,
  linearDecay,
  NO_DECAY,
  retainDecay,
} from '../properties/decay.ts'
import { parseDurationMs } from './duration.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { DecaySpec } from './model-schema.ts'

type Path = readonly (string | number)[]

/** `50%` or 50 → 0.5. */
export const shareOf = (percentage: number | string): number =>
  (typeof percentage === 'number' ? percentage : Number.parseFloat(percentage)) / 100

/**
 * Compiles a decay spec: exactly one of half_life, linear (+ every), lifespan, geometric (+ every, grace, cap),
 * retain.
 */
export function compileDecay(spec: DecaySpec | undefined, path: Path, problems: ModelProblemAt[]): Decay {
  if (spec === undefined) return NO_DECAY
  const forms = [spec.half_life, spec.linear, spec.lifespan, spec.geometric, spec.retain].filter((f) => f !== undefined)
  if (forms.length !== 1) {
    problems.push({ path, message: 'a decay is exactly one of: half_life, linear, lifespan, geometric, retain' })
    return NO_DECAY
  }
  const duration = (key: string, text: string | undefined, where: Path = [...path, key]): number | undefined => {
    if (text === undefined) {
      problems.push({ path, message: `"${key}" is missing` })
      return undefined
    }
    const ms = parseDurationMs(text)
    if (ms === undefined) problems.push({ path: where, message: `"${text}" is not a duration (e.g. 14d, 12h, 6mo)` })
    return ms
  }
  const share = (key: string, value: number | string | undefined, fallback?: number): number | undefined => {
    if (value === undefined) return fallback
    const fraction = shareOf(value)
    if (!(fraction >= 0 && fraction <= 1))
      problems.push({ path: [...path, key], message: 'a share between 0% and 100%' })
    return fraction
  }
  if (spec.half_life !== undefined) {
    const ms = duration('half_life', spec.half_life)
    return ms === undefined ? NO_DECAY : halfLifeDecay(ms)
  }
  if (spec.lifespan !== undefined) {
    const ms = duration('lifespan', spec.lifespan)
    return ms === undefined ? NO_DECAY : lifespanDecay(ms)
  }
  if (spec.retain !== undefined) {
    const steps = spec.retain.map((step, i) => ({
      afterMs: duration('after', step.after, [...path, 'retain', i, 'after']) ?? 0,
      keep: share('keep', step.keep) ?? 1,
    }))
    return retainDecay(steps)
  }
  if (spec.geometric !== undefined) {
    const every = duration('every', spec.every)
    const grace = spec.grace === undefined ? 0 : duration('grace', spec.grace)
    const rate = share('geometric', spec.geometric)
    if (every === undefined || grace === undefined || rate === undefined || rate === 0) return NO_DECAY
    return geometricDecay(rate, every, grace, share('cap', spec.cap, 1) ?? 1)
  }
  const rate = share('linear', spec.linear)
  const every = duration('every', spec.every)
  if (rate === undefined || rate === 0 || every === undefined) return NO_DECAY
  return linearDecay(rate, every, spec.stepwise ?? false)
}
