import type { Random } from './seeded-random.ts'

/** A whole number from `min` to `max`, both included. */
export function drawInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

/** A number from `min` (included) to `max` (excluded). */
export function drawBetween(random: Random, min: number, max: number): number {
  return min + random() * (max - min)
}

/** True with probability `probability`. */
export function isChance(random: Random, probability: number): boolean {
  return random() < probability
}

/** One item of a non-empty list, each equally likely. */
export function drawOne<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)]
  if (item === undefined) throw new Error('drawOne needs a non-empty list')
  return item
}

/** One key of a table of weights, in proportion to its weight. */
export function drawWeighted<K extends string>(random: Random, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][]
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0)
  let left = random() * total
  for (const [key, weight] of entries) {
    left -= weight
    if (left < 0) return key
  }
  const last = entries.at(-1)
  if (last === undefined) throw new Error('drawWeighted needs at least one weight')
  return last[0]
}
