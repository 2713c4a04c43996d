import type { MessageRejection } from './message-rejection.ts'
import { judgeMessageSize, maxMessageDepth } from './message-size.ts'
import { maxMessageBytes } from './segment-limits.ts'

/**
 * Why a message is refused for its size or nesting, or undefined when it is fine. `checkBytes` is false when the
 * caller already knows the message is within `maxMessageBytes` (the whole body is).
 */
export function findSizeRejection(message: unknown, checkBytes: boolean): MessageRejection | undefined {
  const verdict = judgeMessageSize(message, checkBytes ? maxMessageBytes : undefined)
  if (verdict === 'too_large') {
    return { code: 'message_too_large', message: `the message is over ${maxMessageBytes / 1024} KB` }
  }
  if (verdict === 'too_deep') {
    return { code: 'message_too_deep', message: `the message nests objects deeper than ${maxMessageDepth} levels` }
  }
  return undefined
}
