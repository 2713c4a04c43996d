import { type ActivityPlan, planActivity } from './activity-plan.ts'
import type { Company } from './company.ts'
import type { NextMessageId } from './message-ids.ts'
import { PERSONAS } from './persona.ts'
import { createActionMessage, createSignUpMessages } from './product-action.ts'
import { drawBetween } from './random-draw.ts'
import type { Random } from './seeded-random.ts'
import type { SegmentMessage } from './segment-message.ts'
import { createSessionMessages } from './session.ts'
import type { SimUser } from './user.ts'

const DAY_MS = 86_400_000

/** Seconds to minutes between two clicks of a session. */
const SESSION_GAP_MS = [15_000, 150_000] as const

/** A user's past messages and the plan they came from. */
export interface UserHistory {
  plan: ActivityPlan
  /** Sign-up (`identify`, `group`) first, then the rest in time order; none later than `nowMs`. */
  messages: SegmentMessage[]
}

/**
 * The past of one user up to `nowMs`, following its persona. An event planned for "n days ago" lies between n
 * and n + 1 days before `nowMs`, so `days_since_last_login` is exactly the plan's day of the latest sign-in.
 */
export function generateUserHistory(
  user: SimUser,
  company: Company,
  nowMs: number,
  random: Random,
  nextMessageId: NextMessageId,
): UserHistory {
  const plan = planActivity(PERSONAS[user.persona], random)
  const starts = drawSessionStarts(plan, nowMs, random)
  const firstStartMs = starts[0] ?? nowMs - (plan.signupDaysAgo + drawBetween(random, 0.1, 0.9)) * DAY_MS
  const signUp = createSignUpMessages(user, company, firstStartMs - 60_000, nextMessageId)
  const sessions = plan.sessions.flatMap((session, index) =>
    createSessionMessages(
      {
        user,
        actions: session.actions,
        startMs: starts[index] ?? nowMs,
        latestMs: nowMs - session.daysAgo * DAY_MS - 1_000,
        gapMs: SESSION_GAP_MS,
      },
      random,
      nextMessageId,
    ),
  )
  const apiCalls = [...plan.apiCallsByDaysAgo].flatMap(([daysAgo, count]) =>
    Array.from({ length: count }, () => {
      const atMs = nowMs - (daysAgo + drawBetween(random, 0.02, 0.98)) * DAY_MS
      return createActionMessage('apiCall', user, Math.round(atMs), random, nextMessageId)
    }),
  )
  const rest = [...sessions, ...apiCalls].sort((a, b) => a.timestamp.localeCompare(b.timestamp))
  return { plan, messages: [...signUp, ...rest] }
}

/**
 * Start of each session, oldest first. Sessions of one day are ordered within the day, and each starts far
 * enough from the day's newer edge that its clicks stay on that day.
 */
function drawSessionStarts(plan: ActivityPlan, nowMs: number, random: Random): number[] {
  const fractions = plan.sessions.map(() => drawBetween(random, 0.08, 0.95))
  const starts = plan.sessions.map((session, index) => nowMs - (session.daysAgo + (fractions[index] ?? 0.5)) * DAY_MS)
  // Days never overlap and are already oldest first; sorting orders sessions within a day.
  return starts.map(Math.round).sort((a, b) => a - b)
}
