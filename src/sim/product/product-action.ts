import type { Company } from './company.ts'
import type { NextMessageId } from './message-ids.ts'
import { FIRST_NAMES } from './name-lists.ts'
import {
  API_ENDPOINTS,
  APP_URL,
  FEATURES,
  INTEGRATIONS,
  INVITE_ROLES,
  PAGES,
  REPORT_FORMATS,
  REPORT_TYPES,
  SIGN_IN_METHODS,
  WIDGET_TYPES,
} from './product-catalog.ts'
import { drawInt, drawOne } from './random-draw.ts'
import type { Random } from './seeded-random.ts'
import {
  MODEL_EVENTS,
  NOISE_EVENTS,
  type PropertyValue,
  type SegmentMessage,
  type TrackMessage,
  toTimestamp,
} from './segment-message.ts'
import type { SimUser } from './user.ts'

/** One thing a person does in the product; each becomes one Segment message. */
export type ProductAction =
  | 'signedUp'
  | 'signedIn'
  | 'onboarding'
  | 'integration'
  | 'report'
  | 'widget'
  | 'invite'
  | 'apiCall'
  | 'feature'
  | 'page'

/** The `identify` and `group` calls of a new user, both at `atMs`. */
export function createSignUpMessages(
  user: SimUser,
  company: Company,
  atMs: number,
  nextMessageId: NextMessageId,
): SegmentMessage[] {
  const timestamp = toTimestamp(atMs)
  return [
    {
      type: 'identify',
      messageId: nextMessageId(),
      userId: user.userId,
      timestamp,
      traits: { email: user.email, name: user.name, title: user.title },
    },
    {
      type: 'group',
      messageId: nextMessageId(),
      userId: user.userId,
      timestamp,
      groupId: company.groupId,
      traits: { name: company.name, plan: company.plan },
    },
  ]
}

/** The message `user` sends when doing `action` at `atMs`, with realistic properties. */
export function createActionMessage(
  action: ProductAction,
  user: SimUser,
  atMs: number,
  random: Random,
  nextMessageId: NextMessageId,
): SegmentMessage {
  if (action === 'page') {
    const page = drawOne(random, PAGES)
    return {
      type: 'page',
      messageId: nextMessageId(),
      userId: user.userId,
      timestamp: toTimestamp(atMs),
      name: page.name,
      properties: { path: page.path, url: `${APP_URL}${page.path}`, title: `${page.name} · Plotline` },
    }
  }
  const [event, properties] = describeTrack(action, user, random)
  const message: TrackMessage = {
    type: 'track',
    messageId: nextMessageId(),
    userId: user.userId,
    timestamp: toTimestamp(atMs),
    event,
    properties,
    context: { groupId: user.groupId },
  }
  return message
}

function describeTrack(
  action: Exclude<ProductAction, 'page'>,
  user: SimUser,
  random: Random,
): [string, Record<string, PropertyValue>] {
  switch (action) {
    case 'signedUp':
      return [NOISE_EVENTS.signedUp, { plan: 'trial', trial_days: 14 }]
    case 'signedIn':
      return [MODEL_EVENTS.signedIn, { method: drawOne(random, SIGN_IN_METHODS) }]
    case 'onboarding':
      return [MODEL_EVENTS.onboardingCompleted, { steps_completed: 5, duration_minutes: drawInt(random, 4, 35) }]
    case 'integration':
      return [MODEL_EVENTS.integrationConnected, { integration: drawOne(random, INTEGRATIONS) }]
    case 'report':
      return [
        MODEL_EVENTS.reportGenerated,
        { report_type: drawOne(random, REPORT_TYPES), format: drawOne(random, REPORT_FORMATS) },
      ]
    case 'widget':
      return [
        MODEL_EVENTS.widgetCreated,
        { widget_type: drawOne(random, WIDGET_TYPES), dashboard_id: `dash_${drawInt(random, 1, 9)}` },
      ]
    case 'invite': {
      const domain = user.email.slice(user.email.indexOf('@') + 1)
      const invitee = `${drawOne(random, FIRST_NAMES).toLowerCase()}.${drawInt(random, 1, 99)}@${domain}`
      return [MODEL_EVENTS.inviteSent, { invitee_email: invitee, invitee_role: drawOne(random, INVITE_ROLES) }]
    }
    case 'apiCall': {
      const endpoint = drawOne(random, API_ENDPOINTS)
      return [
        MODEL_EVENTS.apiCall,
        { method: endpoint.method, endpoint: endpoint.path, status: 200, duration_ms: drawInt(random, 18, 900) },
      ]
    }
    case 'feature':
      return [NOISE_EVENTS.featureUsed, { feature: drawOne(random, FEATURES) }]
  }
}
