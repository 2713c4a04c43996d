/** The plans a simulated company can be on; sent as the `plan` group trait. */
export type Plan = 'trial' | 'paying' | 'free'

/** A flat property value, as the simulated product sends them. */
export type PropertyValue = string | number | boolean

interface MessageBase {
  /** Unique per message, so upscore's dedupe never drops a simulated event. */
  messageId: string
  userId: string
  /** ISO 8601 time the event happened; never later than the simulator's `now`. */
  timestamp: string
}

export interface IdentifyMessage extends MessageBase {
  type: 'identify'
  traits: { email: string; name: string; title: string }
}

export interface GroupMessage extends MessageBase {
  type: 'group'
  groupId: string
  traits: { name: string; plan: Plan }
}

export interface TrackMessage extends MessageBase {
  type: 'track'
  event: string
  properties: Record<string, PropertyValue>
  /** Segment's B2B spec puts the account on every track call. */
  context: { groupId: string }
}

export interface PageMessage extends MessageBase {
  type: 'page'
  name: string
  properties: { path: string; url: string; title: string }
}

/** One message in the shape of Segment's HTTP Tracking API. */
export type SegmentMessage = IdentifyMessage | GroupMessage | TrackMessage | PageMessage

/** The model's events, named exactly as the default model reads them. */
export const MODEL_EVENTS = {
  onboardingCompleted: 'Onboarding Completed',
  integrationConnected: 'Integration Connected',
  reportGenerated: 'Report Generated',
  inviteSent: 'Invite Sent',
  apiCall: 'API Call',
  widgetCreated: 'Widget Created',
  signedIn: 'Signed In',
} as const

/** Realistic events that the default model ignores. */
export const NOISE_EVENTS = {
  signedUp: 'Signed Up',
  featureUsed: 'Feature Used',
} as const

/** Epoch milliseconds as the ISO string Segment expects. */
export function toTimestamp(atMs: number): string {
  return new Date(atMs).toISOString()
}
