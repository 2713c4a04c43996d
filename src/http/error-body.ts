import type { ErrorCode } from '../errors.ts'

/** The body of every error answer: `{"error":{"code","message"}}`, plus `reason` for a refused single message. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; reason?: string }
}

export function buildErrorBody(code: ErrorCode, message: string, reason?: string): ErrorBody {
  return { error: reason === undefined ? { code, message } : { code, message, reason } }
}
