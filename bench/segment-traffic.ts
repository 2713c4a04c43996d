import type { Random } from '../src/sim/product/seeded-random.ts'

/**
 * Synthetic Segment traffic for the benchmarks: users `u-N` with an email, spread over companies `c-M`, sending
 * the default model's events and some it ignores, shaped as `@segment/analytics-node` sends them.
 */
export interface TrafficShape {
  users: number
  /** 0: users belong to no company. */
  companies: number
}

export type SegmentJson = Record<string, unknown>

const library = { name: '@segment/analytics-node', version: '3.1.0' }

/** The track events drawn, with their weights; the rest of the weight (to 1) goes to page calls. */
const trackMix: readonly { event: string; weight: number; properties: (random: Random) => SegmentJson }[] = [
  {
    event: 'API Call',
    weight: 0.35,
    properties: (random) => ({
      status: random() < 0.95 ? 200 : 503,
      endpoint: ['/v1/reports', '/v1/widgets', '/v1/users'][Math.floor(random() * 3)],
      durationMs: Math.round(random() * 300),
    }),
  },
  { event: 'Signed In', weight: 0.15, properties: () => ({ method: 'password' }) },
  { event: 'Report Generated', weight: 0.1, properties: (random) => ({ rows: Math.round(random() * 5000) }) },
  { event: 'Widget Created', weight: 0.08, properties: () => ({ kind: 'chart' }) },
  {
    event: 'Feature Used',
    weight: 0.15,
    properties: (random) => ({ feature: `feature-${Math.floor(random() * 12)}` }),
  },
  { event: 'Invite Sent', weight: 0.03, properties: () => ({ role: 'member' }) },
  { event: 'Onboarding Completed', weight: 0.02, properties: () => ({}) },
  { event: 'Integration Connected', weight: 0.02, properties: () => ({ integration: 'slack' }) },
]

export const userIdOf = (n: number): string => `u-${n}`
export const emailOf = (n: number): string => `user${n}@bench.example`
export const groupIdOf = (shape: TrafficShape, n: number): string | undefined =>
  shape.companies === 0 ? undefined : `c-${n % shape.companies}`

const iso = (ms: number) => new Date(ms).toISOString()

/** `identify` with the email (so the contact can reach HubSpot). */
export function identifyMessage(n: number, timestampMs: number, messageId: string): SegmentJson {
  return {
    type: 'identify',
    userId: userIdOf(n),
    traits: { email: emailOf(n), name: `User ${n}`, title: 'Engineer' },
    context: { library },
    timestamp: iso(timestampMs),
    messageId,
  }
}

/** `group`: the user joins its company, which is on a trial. */
export function groupMessage(shape: TrafficShape, n: number, timestampMs: number, messageId: string): SegmentJson {
  const groupId = groupIdOf(shape, n) ?? 'none'
  return {
    type: 'group',
    userId: userIdOf(n),
    groupId,
    traits: { name: `Company ${groupId}`, plan: 'trial' },
    context: { library },
    timestamp: iso(timestampMs),
    messageId,
  }
}

/** One `track` call of the given event. */
export function trackMessage(
  shape: TrafficShape,
  n: number,
  event: string,
  properties: SegmentJson,
  timestampMs: number,
  messageId: string,
): SegmentJson {
  const groupId = groupIdOf(shape, n)
  return {
    type: 'track',
    event,
    userId: userIdOf(n),
    properties,
    context: groupId === undefined ? { library } : { library, groupId },
    timestamp: iso(timestampMs),
    messageId,
  }
}

/** A message of the usual mix for a random user: mostly track calls, some page calls, a few identify and group. */
export function randomMessage(
  shape: TrafficShape,
  random: Random,
  timestampMs: number,
  messageId: string,
): SegmentJson {
  const n = Math.floor(random() * shape.users)
  const draw = random()
  if (draw < 0.03) return identifyMessage(n, timestampMs, messageId)
  if (draw < 0.05 && shape.companies > 0) return groupMessage(shape, n, timestampMs, messageId)
  let pick = random()
  for (const entry of trackMix) {
    if (pick < entry.weight)
      return trackMessage(shape, n, entry.event, entry.properties(random), timestampMs, messageId)
    pick -= entry.weight
  }
  return {
    type: 'page',
    userId: userIdOf(n),
    name: 'Dashboard',
    properties: { path: '/dashboard', url: 'https://app.example/dashboard', title: 'Dashboard' },
    context: { library },
    timestamp: iso(timestampMs),
    messageId,
  }
}

/** A `/v1/batch` body; `sentAtMs` (when given) lets upscore correct the client's clock as Segment does. */
export const batchBody = (messages: readonly SegmentJson[], sentAtMs?: number): string =>
  JSON.stringify(sentAtMs === undefined ? { batch: messages } : { batch: messages, sentAt: iso(sentAtMs) })

/** The write key every benchmark sends, and its HTTP Basic header. */
export const benchWriteKey = 'wk_bench'
export const benchAuthorization = `Basic ${Buffer.from(`${benchWriteKey}:`).toString('base64')}`
