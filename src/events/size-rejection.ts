import type { MessageRejection } from './message-rejection.ts'
import { judgeMessageSize, maxMessageDepth } from './message-size.ts'
import { maxMessageBytes } from './segment-limits.ts'

/**
 * Why a message is refused for its size as stored (its JSON) or its nesting, or undefined when it is fine. The size
 * of the body it came in says nothing of it: `1e20` takes 4 bytes there and 21 stored, an invalid UTF-8 byte one
 * there and three once read as U+FFFD.
 */
export function findSizeRejection(message: unknown): MessageRejection | undefined {
  const verdict = judgeMessageSize(message, maxMessageBytes)
  if (verdict === 'too_large') {
    return { code: 'message_too_large', message: `the message is over ${maxMessageBytes / 1024} KB` }
  }
  if (verdict === 'too_deep') {
    return { code: 'message_too_deep', message: `the message nests objects deeper than ${maxMessageDepth} levels` }
  }
  return undefined
}
