import type { Random } from '../../src/sim/product/seeded-random.ts'

/** The events of a crash round, made so that the right end state can be computed without upscore. */
export interface CrashTraffic {
  /** Batches of Segment messages, every message with its own messageId. */
  batches: object[][]
  /** How many `Widget Created` events each contact (by email) has: its `widgets_created` in the end. */
  widgetsByEmail: Map<string, number>
  /** Every company's groupId. */
  groupIds: string[]
  messages: number
}

export interface CrashTrafficOptions {
  users: number
  companies: number
  /** Widgets per user: a random number from 1 to this. */
  maxWidgetsPerUser: number
  batchSize: number
}

const shuffle = <T>(items: T[], random: Random): T[] => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j] as T, items[i] as T]
  }
  return items
}

/**
 * Users who say who they are (identify with an email), join a company (group, with a plan), and create widgets:
 * each `Widget Created` counts once in `widgets_created`, so a lost event or one counted twice shows in the end.
 * Identify and group calls go first; the widgets follow in a random order.
 */
export function buildCrashTraffic(options: CrashTrafficOptions, random: Random): CrashTraffic {
  const groupIds = Array.from({ length: options.companies }, (_, c) => `co-${c}`)
  const plans = groupIds.map(() => (random() < 0.5 ? 'trial' : 'paying'))
  const setUp: object[] = []
  const widgets: object[] = []
  const widgetsByEmail = new Map<string, number>()
  for (let u = 0; u < options.users; u++) {
    const userId = `u-${u}`
    const email = `user${u}@crash.test`
    const groupId = groupIds[u % groupIds.length] as string
    const plan = plans[u % groupIds.length] as string
    setUp.push({ type: 'identify', userId, traits: { email }, messageId: `identify-${u}` })
    setUp.push({
      type: 'group',
      userId,
      groupId,
      traits: { name: `Company ${groupId}`, plan },
      messageId: `group-${u}`,
    })
    const count = 1 + Math.floor(random() * options.maxWidgetsPerUser)
    widgetsByEmail.set(email, count)
    for (let w = 0; w < count; w++) {
      widgets.push({ type: 'track', userId, event: 'Widget Created', messageId: `widget-${u}-${w}` })
    }
  }
  const messages = [...setUp, ...shuffle(widgets, random)]
  const batches: object[][] = []
  for (let i = 0; i < messages.length; i += options.batchSize) batches.push(messages.slice(i, i + options.batchSize))
  return { batches, widgetsByEmail, groupIds, messages: messages.length }
}
