import type { Plan } from './segment-message.ts'

/**
 * How a trial user behaves, in the terms RevOps uses (reference guide): activation milestones, feature depth,
 * login frequency, team adoption.
 * - `champion`: activates fully, builds, invites the team, calls the API, signs in daily → hot.
 * - `evaluator`: some milestones, signs in now and then → mostly warm.
 * - `tourist`: signed in once or twice, did little → cold.
 * - `fading`: was active, quiet for 4–7 days (the −5 tier).
 * - `dormant`: quiet for 8 days or more (the −10 tier).
 * - `invitee`: invited by a teammate, never signed in: identified and grouped, no events.
 */
export type PersonaName = 'champion' | 'evaluator' | 'tourist' | 'fading' | 'dormant' | 'invitee'

/** A whole-number range, both ends included. */
export type IntRange = readonly [min: number, max: number]

/** The knobs of one persona. Days are whole days before `now`; 0 is the last 24 hours. */
export interface PersonaBehaviour {
  /** Day the trial started. */
  signupDaysAgo: IntRange
  /** Day of the latest session: 0–3 keeps the user active, 4–7 and 8+ give the inactivity penalties. */
  lastSeenDaysAgo: IntRange
  /** Chance of a session on each day between the first and the latest one. */
  sessionChancePerDay: number
  /** Sessions on an active day. */
  sessionsPerActiveDay: IntRange
  /** At most this many sessions in all. */
  maxSessions: number
  /** Chance of reaching each activation milestone. */
  milestoneChance: { onboarding: number; integration: number; report: number; invite: number }
  /** Reports generated per session once the first report exists. */
  reportsPerSession: IntRange
  /** Widgets created in all. */
  widgets: IntRange
  /** Teammates invited in all, when the invite milestone is reached. */
  invites: IntRange
  /** API calls per day once an integration is connected. */
  apiCallsPerDay: IntRange
}

const NEVER = { onboarding: 0, integration: 0, report: 0, invite: 0 }

export const PERSONAS: Record<PersonaName, PersonaBehaviour> = {
  champion: {
    signupDaysAgo: [7, 13],
    lastSeenDaysAgo: [0, 0],
    sessionChancePerDay: 0.9,
    sessionsPerActiveDay: [1, 2],
    maxSessions: 30,
    milestoneChance: { onboarding: 1, integration: 1, report: 1, invite: 1 },
    reportsPerSession: [0, 2],
    widgets: [6, 20],
    invites: [1, 5],
    apiCallsPerDay: [8, 40],
  },
  evaluator: {
    signupDaysAgo: [2, 13],
    lastSeenDaysAgo: [0, 3],
    sessionChancePerDay: 0.25,
    sessionsPerActiveDay: [1, 1],
    maxSessions: 6,
    milestoneChance: { onboarding: 0.7, integration: 0.3, report: 0.4, invite: 0.15 },
    reportsPerSession: [0, 1],
    widgets: [0, 5],
    invites: [1, 2],
    apiCallsPerDay: [0, 6],
  },
  tourist: {
    signupDaysAgo: [0, 13],
    lastSeenDaysAgo: [0, 13],
    sessionChancePerDay: 0.15,
    sessionsPerActiveDay: [1, 1],
    maxSessions: 2,
    milestoneChance: NEVER,
    reportsPerSession: [0, 0],
    widgets: [0, 1],
    invites: [0, 0],
    apiCallsPerDay: [0, 0],
  },
  fading: {
    signupDaysAgo: [8, 13],
    lastSeenDaysAgo: [4, 7],
    sessionChancePerDay: 0.3,
    sessionsPerActiveDay: [1, 1],
    maxSessions: 5,
    milestoneChance: { onboarding: 0.45, integration: 0.1, report: 0.15, invite: 0.05 },
    reportsPerSession: [0, 1],
    widgets: [0, 3],
    invites: [1, 1],
    apiCallsPerDay: [0, 3],
  },
  dormant: {
    signupDaysAgo: [9, 13],
    lastSeenDaysAgo: [8, 13],
    sessionChancePerDay: 0.4,
    sessionsPerActiveDay: [1, 1],
    maxSessions: 3,
    milestoneChance: { onboarding: 0.35, integration: 0, report: 0.1, invite: 0 },
    reportsPerSession: [0, 0],
    widgets: [0, 2],
    invites: [0, 0],
    apiCallsPerDay: [0, 0],
  },
  invitee: {
    signupDaysAgo: [0, 10],
    lastSeenDaysAgo: [0, 0],
    sessionChancePerDay: 0,
    sessionsPerActiveDay: [0, 0],
    maxSessions: 0,
    milestoneChance: NEVER,
    reportsPerSession: [0, 0],
    widgets: [0, 0],
    invites: [0, 0],
    apiCallsPerDay: [0, 0],
  },
}

/**
 * The persona mix for one user, by the size and plan of its company: solo sign-ups are mostly tourists, teams
 * that adopt the product breed champions (the guide: team adoption matters more than individual usage).
 */
export function personaWeights(companySize: number, plan: Plan): Record<PersonaName, number> {
  if (plan === 'free') return { champion: 0.03, evaluator: 0.2, tourist: 0.37, fading: 0.15, dormant: 0.25, invitee: 0 }
  if (companySize === 1)
    return { champion: 0.05, evaluator: 0.25, tourist: 0.35, fading: 0.15, dormant: 0.2, invitee: 0 }
  if (companySize <= 5)
    return { champion: 0.15, evaluator: 0.33, tourist: 0.2, fading: 0.12, dormant: 0.15, invitee: 0.05 }
  return { champion: 0.25, evaluator: 0.35, tourist: 0.1, fading: 0.1, dormant: 0.1, invitee: 0.1 }
}
