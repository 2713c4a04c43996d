import { type Decay, halfLifeDecay, lifespanDecay, linearDecay, NO_DECAY } from '../properties/decay.ts'
import { parseDurationMs } from './duration.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { DecaySpec } from './model-schema.ts'

type Path = readonly (string | number)[]

/** Compiles a decay spec: exactly one of half_life, linear (+ every), lifespan. */
export function compileDecay(spec: DecaySpec | undefined, path: Path, problems: ModelProblemAt[]): Decay {
  if (spec === undefined) return NO_DECAY
  const forms = [spec.half_life, spec.linear, spec.lifespan].filter((form) => form !== undefined)
  if (forms.length !== 1) {
    problems.push({ path, message: 'a decay is exactly one of: half_life, linear (with every), lifespan' })
    return NO_DECAY
  }
  const duration = (key: 'half_life' | 'every' | 'lifespan', text: string | undefined): number | undefined => {
    if (text === undefined) {
      problems.push({ path, message: `"${key}" is missing`, atKey: true })
      return undefined
    }
    const ms = parseDurationMs(text)
    if (ms === undefined)
      problems.push({ path: [...path, key], message: `"${text}" is not a duration (e.g. 14d, 12h)` })
    return ms
  }
  if (spec.half_life !== undefined) {
    const ms = duration('half_life', spec.half_life)
    return ms === undefined ? NO_DECAY : halfLifeDecay(ms)
  }
  if (spec.lifespan !== undefined) {
    const ms = duration('lifespan', spec.lifespan)
    return ms === undefined ? NO_DECAY : lifespanDecay(ms)
  }
  const percent = typeof spec.linear === 'number' ? spec.linear : Number.parseFloat(String(spec.linear))
  if (!(percent > 0 && percent <= 100)) {
    problems.push({ path: [...path, 'linear'], message: 'linear decay is a share between 0% and 100%' })
    return NO_DECAY
  }
  const every = duration('every', spec.every)
  return every === undefined ? NO_DECAY : linearDecay(percent / 100, every, spec.stepwise ?? false)
}
