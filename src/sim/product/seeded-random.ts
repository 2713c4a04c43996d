/** A source of uniform numbers in [0, 1), like `Math.random`. Injected everywhere so a seed replays a run. */
export type Random = () => number

/**
 * A small seeded PRNG (mulberry32): 32-bit state, fast, and good enough for test data; not for secrets.
 * The same seed always gives the same sequence.
 */
export function createSeededRandom(seed: number): Random {
  let state = Math.trunc(seed) >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
