/**
 * How an occurrence's points shrink with its age: the share (1 → 0) of its points left at an age in ms.
 * `horizonMs` is the age after which it is worth nothing (or too little to matter), so its state can go.
 */
export interface Decay {
  factor(ageMs: number): number
  horizonMs: number
  /** Whether the share falls in steps (so the next change is at a step), not continuously. */
  stepMs: number | undefined
}

export const NO_DECAY: Decay = { factor: () => 1, horizonMs: Number.POSITIVE_INFINITY, stepMs: undefined }

/** Halves every `halfLifeMs`; forgotten when it is worth under 1/1000 of its points (about 10 half-lives). */
export function halfLifeDecay(halfLifeMs: number): Decay {
  return { factor: (age) => 0.5 ** (Math.max(0, age) / halfLifeMs), horizonMs: halfLifeMs * 10, stepMs: undefined }
}

/** Loses `share` of its points per `everyMs`, in a straight line (HubSpot), or in steps; 0 once all is lost. */
export function linearDecay(share: number, everyMs: number, stepwise: boolean): Decay {
  const horizonMs = Math.ceil(1 / share) * everyMs
  return {
    factor: (age) => {
      const periods = Math.max(0, age) / everyMs
      return Math.max(0, 1 - share * (stepwise ? Math.floor(periods) : periods))
    },
    horizonMs,
    stepMs: stepwise ? everyMs : undefined,
  }
}

/** Falls in a straight line to 0 over `lifespanMs` (MadKudu). */
export function lifespanDecay(lifespanMs: number): Decay {
  return { factor: (age) => Math.max(0, 1 - Math.max(0, age) / lifespanMs), horizonMs: lifespanMs, stepMs: undefined }
}
