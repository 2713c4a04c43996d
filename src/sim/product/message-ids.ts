/** Makes the next message id. */
export type NextMessageId = () => string

/**
 * Message ids unique within a run (a counter) and across runs (the prefix, e.g. the start time), so a second
 * demo against the same store is not swallowed by upscore's `messageId` dedupe. Deterministic for tests.
 */
export function createMessageIds(prefix: string): NextMessageId {
  let count = 0
  return () => {
    count += 1
    return `${prefix}-${count.toString(36).padStart(5, '0')}`
  }
}
