/**
 * How an occurrence's points shrink with its age: the share (1 → 0) of its points left at an age in ms.
 * `horizonMs` is the age after which it is worth nothing (or too little to matter), so its state can go.
 */
export interface Decay {
  factor(ageMs: number): number
  horizonMs: number
  /**
   * For decays that fall in steps: the next age after `ageMs` at which the share changes (undefined: no more
   * steps). Absent for continuous decays, whose changes are found by search.
   */
  nextStep?: (ageMs: number) => number | undefined
}

export const NO_DECAY: Decay = { factor: () => 1, horizonMs: Number.POSITIVE_INFINITY }

/** Halves every `halfLifeMs`; forgotten when it is worth under 1/1000 of its points (about 10 half-lives). */
export function halfLifeDecay(halfLifeMs: number): Decay {
  return { factor: (age) => 0.5 ** (Math.max(0, age) / halfLifeMs), horizonMs: halfLifeMs * 10 }
}

const nextMultiple = (ageMs: number, startMs: number, everyMs: number) =>
  ageMs < startMs ? startMs : startMs + (Math.floor((ageMs - startMs) / everyMs) + 1) * everyMs

/** Loses `share` of its points per `everyMs`, in a straight line (HubSpot), or in steps; 0 once all is lost. */
export function linearDecay(share: number, everyMs: number, stepwise: boolean): Decay {
  const horizonMs = Math.ceil(1 / share) * everyMs
  const factor = (age: number) => {
    const periods = Math.max(0, age) / everyMs
    return Math.max(0, 1 - share * (stepwise ? Math.floor(periods) : periods))
  }
  if (!stepwise) return { factor, horizonMs }
  return { factor, horizonMs, nextStep: (age) => nextMultiple(age, everyMs, everyMs) }
}

/** Falls in a straight line to 0 over `lifespanMs` (MadKudu). */
export function lifespanDecay(lifespanMs: number): Decay {
  return { factor: (age) => Math.max(0, 1 - Math.max(0, age) / lifespanMs), horizonMs: lifespanMs }
}

/**
 * Uniform's geometric decay: after a grace period, loses `share` of what is left every `everyMs`, never more than
 * `cap` of it in all.
 */
export function geometricDecay(share: number, everyMs: number, graceMs: number, cap: number): Decay {
  const floor = 1 - cap
  const stepsToFloor = floor <= 0 ? Number.POSITIVE_INFINITY : Math.ceil(Math.log(floor) / Math.log(1 - share))
  return {
    factor: (age) => (age < graceMs ? 1 : Math.max(floor, (1 - share) ** Math.floor((age - graceMs) / everyMs + 1))),
    horizonMs: floor > 0 ? Number.POSITIVE_INFINITY : graceMs + 3000 * everyMs,
    nextStep: (age) => {
      const next = nextMultiple(age, graceMs, everyMs)
      return (next - graceMs) / everyMs < stepsToFloor ? next : undefined
    },
  }
}

/** A retention schedule (netFORUM): the share kept from each age on, e.g. 75 % after 24 months, 25 % after 48. */
export function retainDecay(steps: readonly { afterMs: number; keep: number }[]): Decay {
  const sorted = [...steps].sort((a, b) => a.afterMs - b.afterMs)
  const last = sorted[sorted.length - 1]
  return {
    factor: (age) => {
      let keep = 1
      for (const step of sorted) if (age >= step.afterMs) keep = step.keep
      return keep
    },
    horizonMs: last !== undefined && last.keep === 0 ? last.afterMs : Number.POSITIVE_INFINITY,
    nextStep: (age) => sorted.find((step) => step.afterMs > age)?.afterMs,
  }
}
