import type { NextMessageId } from './message-ids.ts'
import type { IntRange } from './persona.ts'
import { createActionMessage, type ProductAction } from './product-action.ts'
import { drawInt } from './random-draw.ts'
import type { Random } from './seeded-random.ts'
import type { SegmentMessage } from './segment-message.ts'
import type { SimUser } from './user.ts'

/** One visit to the product: a run of actions a few seconds to minutes apart. */
export interface SessionPlan {
  user: SimUser
  actions: readonly ProductAction[]
  startMs: number
  /** No event of the session is later than this (the end of its day, or `now`). */
  latestMs: number
  /** Time between two actions. */
  gapMs: IntRange
}

/** The messages of one session, in time order. */
export function createSessionMessages(
  session: SessionPlan,
  random: Random,
  nextMessageId: NextMessageId,
): SegmentMessage[] {
  let atMs = session.startMs
  return session.actions.map((action, index) => {
    if (index > 0) atMs = Math.min(atMs + drawInt(random, session.gapMs[0], session.gapMs[1]), session.latestMs)
    return createActionMessage(action, session.user, atMs, random, nextMessageId)
  })
}
