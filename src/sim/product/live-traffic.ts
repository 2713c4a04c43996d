import type { Milestone } from './activity-plan.ts'
import { type Company, drawCompany } from './company.ts'
import { type LiveHappening, planLiveActions } from './live-actions.ts'
import type { NextMessageId } from './message-ids.ts'
import type { PersonaName } from './persona.ts'
import type { Population } from './population.ts'
import { createSignUpMessages, type ProductAction } from './product-action.ts'
import { drawOne, drawWeighted, isChance } from './random-draw.ts'
import type { Random } from './seeded-random.ts'
import type { SegmentMessage } from './segment-message.ts'
import { createSessionMessages } from './session.ts'
import { drawUser, type SimUser } from './user.ts'

/** What can happen in the product at any moment. */
type Happening = LiveHappening | 'signUp'

const HAPPENING_WEIGHTS: Record<Happening, number> = {
  signIn: 0.35,
  work: 0.3,
  activate: 0.2,
  return: 0.07,
  signUp: 0.08,
}

/** Who does each happening, drawn from the list (repeats weigh more); a new sign-up when none is left. */
const ACTORS: Record<LiveHappening, readonly PersonaName[]> = {
  signIn: ['champion', 'evaluator', 'champion', 'evaluator', 'tourist'],
  work: ['champion', 'champion', 'evaluator'],
  activate: ['evaluator', 'evaluator', 'invitee', 'tourist'],
  return: ['fading', 'dormant'],
}

/** Live clicks are a second or so apart and end at `now`. */
const LIVE_GAP_MS = [300, 1_500] as const

/** The product as it is used right now. */
export interface LiveTraffic {
  /** The messages of one happening (a sign-in, some work, a milestone, a sign-up), none later than `nowMs`. */
  next(nowMs: number): SegmentMessage[]
}

/** Continues `population` into the present: users activate, sign in, go back to work, and new trials start. */
export function createLiveTraffic(population: Population, random: Random, nextMessageId: NextMessageId): LiveTraffic {
  const companies = [...population.companies]
  const takenGroupIds = new Set(companies.map((company) => company.groupId))
  const taken = new Set(population.users.flatMap((user) => [user.userId, user.email]))
  const milestones = new Map([...population.milestonesByUserId].map(([userId, list]) => [userId, new Set(list)]))
  const byPersona = new Map<PersonaName, SimUser[]>()
  const addUser = (user: SimUser) => byPersona.set(user.persona, [...(byPersona.get(user.persona) ?? []), user])
  for (const user of population.users) addUser(user)

  const session = (user: SimUser, actions: ProductAction[], nowMs: number) =>
    createSessionMessages(
      { user, actions, startMs: nowMs - actions.length * LIVE_GAP_MS[1], latestMs: nowMs, gapMs: LIVE_GAP_MS },
      random,
      nextMessageId,
    )

  const happen = (happening: LiveHappening, user: SimUser, nowMs: number): SegmentMessage[] => {
    const reached = milestones.get(user.userId) ?? new Set<Milestone>()
    const { actions, reaches } = planLiveActions(happening, reached, random)
    milestones.set(user.userId, new Set([...reached, ...reaches]))
    return session(user, actions, nowMs)
  }

  const signUp = (nowMs: number): SegmentMessage[] => {
    const joinsTeam = isChance(random, 0.4)
    const teams = companies.filter((company) => company.plan !== 'free')
    const company: Company =
      joinsTeam && teams.length > 0 ? drawOne(random, teams) : drawCompany(random, takenGroupIds, 'trial')
    if (!companies.includes(company)) companies.push(company)
    // New trials are evaluators from the start: later happenings activate them.
    const user = drawUser(random, company, 1, taken, 'evaluator')
    addUser(user)
    const signUpMessages = createSignUpMessages(user, company, nowMs - 10_000, nextMessageId)
    return [...signUpMessages, ...session(user, ['signedUp', 'signedIn', 'page'], nowMs)]
  }

  return {
    next(nowMs) {
      const happening = drawWeighted(random, HAPPENING_WEIGHTS)
      if (happening === 'signUp') return signUp(nowMs)
      const personas = ACTORS[happening].filter((name) => (byPersona.get(name)?.length ?? 0) > 0)
      if (personas.length === 0) return signUp(nowMs)
      return happen(happening, drawOne(random, byPersona.get(drawOne(random, personas)) ?? []), nowMs)
    },
  }
}
