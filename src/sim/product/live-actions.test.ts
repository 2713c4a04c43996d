import { describe, expect, it } from 'vitest'
import type { Milestone } from './activity-plan.ts'
import { planLiveActions } from './live-actions.ts'
import { createSeededRandom } from './seeded-random.ts'

describe('planLiveActions', () => {
  it('activates the next milestone in order: onboarding, integration, report, invite', () => {
    const random = createSeededRandom(1)
    const reached = new Set<Milestone>()
    for (const expected of ['onboarding', 'integration', 'report', 'invite'] as const) {
      const { actions, reaches } = planLiveActions('activate', reached, random)
      expect(actions).toEqual(['signedIn', 'page', expected])
      expect(reaches).toEqual([expected])
      reached.add(expected)
    }
    expect(planLiveActions('activate', reached, random)).toEqual({ actions: ['signedIn', 'page'], reaches: [] })
  })

  it('starts a sign-in with Signed In', () => {
    const { actions } = planLiveActions('signIn', new Set(), createSeededRandom(2))
    expect(actions[0]).toBe('signedIn')
  })

  it('calls the API only for users with a connected integration', () => {
    const random = createSeededRandom(3)
    const without = Array.from({ length: 50 }, () => planLiveActions('work', new Set(), random).actions).flat()
    expect(without).not.toContain('apiCall')
    const withIntegration = Array.from(
      { length: 50 },
      () => planLiveActions('work', new Set<Milestone>(['integration']), random).actions,
    ).flat()
    expect(withIntegration).toContain('apiCall')
  })
})
