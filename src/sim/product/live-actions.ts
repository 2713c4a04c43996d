import type { Milestone } from './activity-plan.ts'
import type { ProductAction } from './product-action.ts'
import { drawInt, drawOne, isChance } from './random-draw.ts'
import type { Random } from './seeded-random.ts'

/** What an existing user can do right now. */
export type LiveHappening = 'signIn' | 'work' | 'activate' | 'return'

const MILESTONE_ORDER: readonly Milestone[] = ['onboarding', 'integration', 'report', 'invite']

/** The actions of one happening for a user who has reached `reached`, and the milestones it newly reaches. */
export function planLiveActions(
  happening: LiveHappening,
  reached: ReadonlySet<Milestone>,
  random: Random,
): { actions: ProductAction[]; reaches: Milestone[] } {
  switch (happening) {
    case 'signIn':
    case 'return':
      return { actions: ['signedIn', 'page', ...(isChance(random, 0.5) ? (['feature'] as const) : [])], reaches: [] }
    case 'work': {
      // A connected integration keeps calling the API in bursts.
      if (reached.has('integration') && isChance(random, 0.4)) {
        return { actions: Array.from({ length: drawInt(random, 5, 25) }, () => 'apiCall' as const), reaches: [] }
      }
      const work = Array.from({ length: drawInt(random, 1, 3) }, () =>
        drawOne(random, ['report', 'widget', 'widget', 'feature', 'page'] as const),
      )
      const reaches: Milestone[] = work.includes('report') && !reached.has('report') ? ['report'] : []
      return { actions: ['page', ...work], reaches }
    }
    case 'activate': {
      const next = MILESTONE_ORDER.find((milestone) => !reached.has(milestone))
      return { actions: ['signedIn', 'page', ...(next === undefined ? [] : [next])], reaches: next ? [next] : [] }
    }
  }
}
