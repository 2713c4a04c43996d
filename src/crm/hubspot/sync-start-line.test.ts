import { describe, expect, it } from 'vitest'
import { describeStart } from './sync-start-line.ts'

describe('the line the sync logs at start', () => {
  it('names the budget per 10 s with its share, the daily budget, the backlog and the dead letters', () => {
    const limits = { budgetPerWindow: 171, portalMaxPerWindow: 190, windowMs: 10_000, dailyBudget: 900_000 }
    expect(describeStart(limits, 0.9, 1_234, 1)).toBe(
      'HubSpot sync: budget 171 calls per 10 s (90 % of 190) and 900,000 per day; ' +
        '1,234 records pending in the outbox, 1 dead letter',
    )
  })
})
