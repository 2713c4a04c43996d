import type { Event } from './event.ts'
import { readTimeMs } from './event-time.ts'
import type { MessageRejection } from './message-rejection.ts'
import { maxBatchMessages } from './segment-limits.ts'
import { parseSegmentMessage } from './segment-message.ts'
import { findSizeRejection } from './size-rejection.ts'

/** A message of a batch that was refused, and why. */
export interface RejectedMessage extends MessageRejection {
  /** Its position in `batch`, from 0. */
  index: number
  messageId?: string
  /**
   * How many messages, from `index` on, this one rejection stands for: the ones past `maxBatchMessages`, refused
   * together unread (one entry each made a 240 KB batch of `0`s cost seconds and a 10 MB answer). Absent: one.
   */
  count?: number
}

export interface BatchContext {
  receivedAtMs: number
  newMessageId: () => string
}

export type BatchParseResult =
  | { ok: true; events: Event[]; rejected: RejectedMessage[] }
  | { ok: false; message: string }

/**
 * Parses a `/v1/batch` body: `{batch: [...], sentAt?, context?, integrations?, writeKey?}`. Each message is judged
 * on its own; the valid ones come back in order. `ok: false` only when the body itself is not a batch.
 */
export function parseSegmentBatch(body: unknown, context: BatchContext): BatchParseResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'the body must be a JSON object with a "batch" array' }
  }
  const { batch, sentAt } = body as { batch?: unknown; sentAt?: unknown }
  if (!Array.isArray(batch)) return { ok: false, message: 'batch must be an array of messages' }
  const batchSentAtMs = readTimeMs(sentAt)
  if (Number.isNaN(batchSentAtMs)) return { ok: false, message: 'sentAt is not an ISO-8601 time' }
  const messageContext = { receivedAtMs: context.receivedAtMs, batchSentAtMs, newMessageId: context.newMessageId }
  const events: Event[] = []
  const rejected: RejectedMessage[] = []
  const readCount = Math.min(batch.length, maxBatchMessages)
  for (let index = 0; index < readCount; index++) {
    const raw: unknown = batch[index]
    let rejection = findSizeRejection(raw)
    if (rejection === undefined) {
      const result = parseSegmentMessage(raw, messageContext)
      if (result.ok) events.push(result.event)
      else rejection = result.rejection
    }
    if (rejection !== undefined) rejected.push(describeRejection(raw, index, rejection))
  }
  const unread = batch.length - readCount
  if (unread > 0) {
    rejected.push({
      index: readCount,
      count: unread,
      code: 'too_many_messages',
      message: `a batch holds at most ${maxBatchMessages} messages: the ${unread} from index ${readCount} on were not read`,
    })
  }
  return { ok: true, events, rejected }
}

function describeRejection(raw: unknown, index: number, rejection: MessageRejection): RejectedMessage {
  const messageId = (raw as { messageId?: unknown } | null)?.messageId
  return typeof messageId === 'string' ? { index, messageId, ...rejection } : { index, ...rejection }
}
