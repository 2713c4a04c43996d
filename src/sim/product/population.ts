import type { Milestone } from './activity-plan.ts'
import { type Company, generateCompanies } from './company.ts'
import type { NextMessageId } from './message-ids.ts'
import type { Random } from './seeded-random.ts'
import type { SegmentMessage } from './segment-message.ts'
import { generateUsers, type SimUser } from './user.ts'
import { generateUserHistory } from './user-history.ts'

/** What to generate. */
export interface PopulationOptions {
  /** Number of users (a few hundred for the demo). */
  userCount: number
  /** Number of companies (dozens for the demo); each has at least one user while users last. */
  companyCount: number
  /** The present: every event is at or before it. Epoch milliseconds. */
  nowMs: number
  random: Random
  nextMessageId: NextMessageId
}

/** The simulated product's customers and their past 14 days. */
export interface Population {
  companies: Company[]
  users: SimUser[]
  /** Every `identify` and `group` first (sign-up order), then every other message in time order. */
  messages: SegmentMessage[]
  /** Milestones each user has reached so far, by `userId`. */
  milestonesByUserId: Map<string, Milestone[]>
}

/** Companies, users and each user's history, all from `random`: the same seed and `nowMs` give the same result. */
export function generatePopulation(options: PopulationOptions): Population {
  const { random, nowMs, nextMessageId } = options
  const companies = generateCompanies(random, options.companyCount)
  const users = generateUsers(random, companies, options.userCount)
  const companyById = new Map(companies.map((company) => [company.groupId, company]))
  const signUps: SegmentMessage[] = []
  const activity: SegmentMessage[] = []
  const milestonesByUserId = new Map<string, Milestone[]>()
  for (const user of users) {
    const company = companyById.get(user.groupId)
    if (company === undefined) continue
    const history = generateUserHistory(user, company, nowMs, random, nextMessageId)
    milestonesByUserId.set(user.userId, history.plan.milestones)
    for (const message of history.messages) {
      const isSignUp = message.type === 'identify' || message.type === 'group'
      ;(isSignUp ? signUps : activity).push(message)
    }
  }
  const byTime = (a: SegmentMessage, b: SegmentMessage) => a.timestamp.localeCompare(b.timestamp)
  return { companies, users, messages: [...signUps.sort(byTime), ...activity.sort(byTime)], milestonesByUserId }
}
