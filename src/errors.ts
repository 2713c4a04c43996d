/**
 * The one error type of upscore. Every failure that crosses a module boundary is an `UpscoreError` with a code
 * from this closed set; the HTTP status of each code is in `httpStatusByCode` in `http/error-status.ts`.
 */
export const errorCodes = [
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'invalid_message',
  'invalid_request',
  'unauthorized',
  'not_found',
  'invalid_config',
  'invalid_model',
  'invalid_model_text',
  'conflict',
  'storage_failure',
  'processing_behind',
  'crm_transient',
  'crm_rejected',
  'crm_rate_limited',
  'internal',
] as const

export type ErrorCode = (typeof errorCodes)[number]

export class UpscoreError extends Error {
  readonly code: ErrorCode
  readonly details: unknown

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'UpscoreError'
    this.code = code
    this.details = options.details
  }
}

export function isUpscoreError(value: unknown): value is UpscoreError {
  return value instanceof UpscoreError
}
