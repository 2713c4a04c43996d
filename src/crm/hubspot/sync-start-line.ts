import type { RateLimiterState } from './rate-limiter.ts'

const count = (n: number) => n.toLocaleString('en-US')
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`

/**
 * The line the sync logs when it starts, e.g. `HubSpot sync: budget 171 calls per 10 s (90 % of 190) and 900,000 per
 * day; 12 records pending in the outbox, 1 dead letter`.
 */
export function describeStart(
  limits: Pick<RateLimiterState, 'budgetPerWindow' | 'portalMaxPerWindow' | 'windowMs' | 'dailyBudget'>,
  budgetShare: number,
  pending: number,
  deadLetters: number,
): string {
  const share = Math.round(Math.min(1, budgetShare) * 1000) / 10
  return (
    `HubSpot sync: budget ${count(limits.budgetPerWindow)} calls per ${limits.windowMs / 1000} s ` +
    `(${share} % of ${count(limits.portalMaxPerWindow)}) and ${count(limits.dailyBudget)} per day; ` +
    `${plural(pending, 'record', 'records')} pending in the outbox, ${plural(deadLetters, 'dead letter', 'dead letters')}`
  )
}
