import type { EventType } from './event.ts'
import { maxMessageBytes } from './segment-limits.ts'
import { type MessageParseResult, parseSegmentMessage } from './segment-message.ts'
import { findSizeRejection } from './size-rejection.ts'

export interface CallContext {
  receivedAtMs: number
  newMessageId: () => string
  /** Size of the (decompressed) request body, which is the message as sent: over the limit, it is not read. */
  bodyBytes: number
}

/** Parses the body of a single-call endpoint (`/v1/track`, …): the message itself, its type given by the route. */
export function parseSegmentCall(body: unknown, type: EventType, context: CallContext): MessageParseResult {
  if (context.bodyBytes > maxMessageBytes) {
    return {
      ok: false,
      rejection: { code: 'message_too_large', message: `a single call is limited to ${maxMessageBytes / 1024} KB` },
    }
  }
  const sizeRejection = findSizeRejection(body)
  if (sizeRejection !== undefined) return { ok: false, rejection: sizeRejection }
  return parseSegmentMessage(body, { receivedAtMs: context.receivedAtMs, newMessageId: context.newMessageId }, type)
}
