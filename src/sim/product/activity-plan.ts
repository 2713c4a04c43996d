import type { IntRange, PersonaBehaviour } from './persona.ts'
import type { ProductAction } from './product-action.ts'
import { drawInt, isChance } from './random-draw.ts'
import type { Random } from './seeded-random.ts'

/** The activation milestones of the default model. */
export type Milestone = 'onboarding' | 'integration' | 'report' | 'invite'

/** One planned session: the day it falls on (whole days before now) and what happens in it. */
export interface PlannedSession {
  daysAgo: number
  actions: ProductAction[]
}

/** A user's whole trial so far, day by day, before it becomes timed messages. */
export interface ActivityPlan {
  signupDaysAgo: number
  /** Oldest first. Empty for a user who never signed in. */
  sessions: PlannedSession[]
  /** API calls made by the user's integration, per day (whole days before now). */
  apiCallsByDaysAgo: Map<number, number>
  milestones: Milestone[]
}

/** Decides, from a persona's knobs, on which days a user shows up and what it does there. */
export function planActivity(behaviour: PersonaBehaviour, random: Random): ActivityPlan {
  const signupDaysAgo = draw(random, behaviour.signupDaysAgo)
  const days = planSessionDays(behaviour, signupDaysAgo, random)
  const sessions: PlannedSession[] = days.map((daysAgo) => ({ daysAgo, actions: ['signedIn', 'page'] }))
  const first = sessions[0]
  if (first === undefined) return { signupDaysAgo, sessions, apiCallsByDaysAgo: new Map(), milestones: [] }
  first.actions.unshift('signedUp')

  const last = sessions.length - 1
  const at = placeMilestones(behaviour, last, random)
  const milestones = MILESTONES.filter((m) => at[m] !== undefined)
  for (const milestone of milestones) sessions[at[milestone] ?? 0]?.actions.push(milestone)
  const addAt = (index: number, action: ProductAction, count: number) => {
    for (let n = count; n > 0; n--) sessions[index]?.actions.push(action)
  }
  if (at.report !== undefined) {
    for (let index = at.report + 1; index <= last; index++)
      addAt(index, 'report', draw(random, behaviour.reportsPerSession))
  }
  if (at.invite !== undefined) {
    for (let n = draw(random, behaviour.invites) - 1; n > 0; n--) addAt(drawInt(random, at.invite, last), 'invite', 1)
  }
  for (let n = draw(random, behaviour.widgets); n > 0; n--)
    addAt(drawInt(random, at.onboarding ?? 0, last), 'widget', 1)
  sessions.forEach((_, index) => {
    addAt(index, 'feature', drawInt(random, 0, 2))
    addAt(index, 'page', drawInt(random, 0, 3))
  })
  const connectedDaysAgo = at.integration === undefined ? undefined : sessions[at.integration]?.daysAgo
  const apiCallsByDaysAgo = planApiCalls(behaviour, connectedDaysAgo, sessions[last]?.daysAgo ?? 0, random)
  return { signupDaysAgo, sessions, apiCallsByDaysAgo, milestones }
}

const MILESTONES = ['onboarding', 'integration', 'report', 'invite'] as const

/** The session (index) of each milestone reached: onboarding early, the others in the sessions after it. */
function placeMilestones(
  behaviour: PersonaBehaviour,
  last: number,
  random: Random,
): Partial<Record<Milestone, number>> {
  const chance = behaviour.milestoneChance
  const at: Partial<Record<Milestone, number>> = {}
  if (isChance(random, chance.onboarding)) at.onboarding = Math.min(drawInt(random, 0, 1), last)
  const base = at.onboarding ?? 0
  if (isChance(random, chance.integration)) at.integration = Math.min(base + drawInt(random, 0, 2), last)
  if (isChance(random, chance.report)) at.report = Math.min(base + drawInt(random, 0, 3), last)
  if (isChance(random, chance.invite)) at.invite = Math.min(base + drawInt(random, 0, 3), last)
  return at
}

/** The user's scripts call the API on the days after the integration is connected, until the user goes quiet. */
function planApiCalls(
  behaviour: PersonaBehaviour,
  connectedDaysAgo: number | undefined,
  lastDaysAgo: number,
  random: Random,
): Map<number, number> {
  const callsByDaysAgo = new Map<number, number>()
  if (connectedDaysAgo === undefined) return callsByDaysAgo
  for (let day = connectedDaysAgo - 1; day >= lastDaysAgo; day--) {
    const calls = draw(random, behaviour.apiCallsPerDay)
    if (calls > 0) callsByDaysAgo.set(day, calls)
  }
  return callsByDaysAgo
}

/** Session days, oldest first: always the sign-up day and the latest day, some days between. */
function planSessionDays(behaviour: PersonaBehaviour, signupDaysAgo: number, random: Random): number[] {
  if (behaviour.maxSessions === 0) return []
  const lastDaysAgo = Math.min(draw(random, behaviour.lastSeenDaysAgo), signupDaysAgo)
  const days: number[] = []
  for (let day = signupDaysAgo; day >= lastDaysAgo; day--) {
    const isActive = day === signupDaysAgo || day === lastDaysAgo || isChance(random, behaviour.sessionChancePerDay)
    if (!isActive) continue
    for (let n = Math.max(1, draw(random, behaviour.sessionsPerActiveDay)); n > 0; n--) days.push(day)
  }
  if (days.length <= behaviour.maxSessions) return days
  // Too many: keep the first and the latest day, thin out the middle.
  const middle = days.slice(1, -1)
  while (middle.length > behaviour.maxSessions - 2) middle.splice(drawInt(random, 0, middle.length - 1), 1)
  return [days[0] ?? signupDaysAgo, ...middle, days.at(-1) ?? lastDaysAgo].slice(0, behaviour.maxSessions)
}

function draw(random: Random, range: IntRange): number {
  return drawInt(random, range[0], range[1])
}
