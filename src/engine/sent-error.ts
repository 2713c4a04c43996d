import { isUpscoreError, UpscoreError } from '../errors.ts'
import type { SentError } from './engine-protocol.ts'

/** An error made ready to cross to another thread (functions, causes and prototypes do not cross). */
export function toSentError(error: unknown): SentError {
  if (isUpscoreError(error)) {
    return {
      message: error.message,
      code: error.code,
      details: error.details,
      ...(error.stack ? { stack: error.stack } : {}),
    }
  }
  const e = error instanceof Error ? error : new Error(String(error))
  return { message: e.message, ...(e.stack ? { stack: e.stack } : {}) }
}

/** The error again on this side: an `UpscoreError` when it was one, so that its HTTP status holds. */
export function fromSentError(sent: SentError): Error {
  if (sent.code !== undefined) return new UpscoreError(sent.code, sent.message, { details: sent.details })
  const error = new Error(sent.message)
  if (sent.stack !== undefined) error.stack = sent.stack
  return error
}
