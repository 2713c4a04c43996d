import type { ErrorCode } from '../errors.ts'

/** The HTTP status of every error code; a new code without a status here does not compile. */
export const httpStatusByCode: Record<ErrorCode, number> = {
  invalid_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_message: 400,
  invalid_request: 400,
  unauthorized: 401,
  not_found: 404,
  invalid_config: 500,
  invalid_model: 500,
  invalid_model_text: 422,
  conflict: 409,
  storage_failure: 503,
  crm_transient: 502,
  crm_rejected: 502,
  crm_rate_limited: 503,
  internal: 500,
}

/** `Retry-After` (seconds) of every 503 upscore answers: the store cannot write now (disk full, locked, …). */
export const unavailableRetryAfterSeconds = 5
