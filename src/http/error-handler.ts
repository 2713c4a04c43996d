import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { type ErrorCode, isUpscoreError } from '../errors.ts'
import { maxRequestBytes } from '../events/segment-limits.ts'
import { buildErrorBody } from './error-body.ts'
import { httpStatusByCode, retryAfterSecondsByCode } from './error-status.ts'

/** Fastify's own errors that a client can cause, as upscore codes (and a clearer message where Fastify's is vague). */
const codeByFastifyCode: Record<string, { code: ErrorCode; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload_too_large',
    message: `the request body is over the limit of ${maxRequestBytes / 1024} KB`,
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_TYPE: { code: 'unsupported_media_type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', message: 'the body is empty: send a JSON object' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid_request' },
  FST_ERR_VALIDATION: { code: 'invalid_request' },
}

function classify(error: FastifyError | Error): { code: ErrorCode; message: string } {
  if (isUpscoreError(error)) return { code: error.code, message: error.message }
  const fastifyCode = (error as FastifyError).code
  const known = fastifyCode === undefined ? undefined : codeByFastifyCode[fastifyCode]
  if (known !== undefined) return { code: known.code, message: known.message ?? error.message }
  const statusCode = (error as FastifyError).statusCode
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    return { code: 'invalid_request', message: error.message }
  }
  return { code: 'internal', message: 'internal error' }
}

/**
 * Answers every error as `{"error":{"code","message"}}` with the status of its code, a 503 with `Retry-After`; logs
 * the unexpected ones.
 */
export function createErrorHandler(log: ((line: string) => void) | undefined) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const { code, message } = classify(error)
    const status = httpStatusByCode[code]
    // Refusing while processing catches up is expected, and says so once (serve prints it), not per request.
    if (status >= 500 && code !== 'processing_behind') {
      const cause = error.cause instanceof Error ? ` (cause: ${error.cause.stack ?? error.cause.message})` : ''
      log?.(`${request.method} ${request.url}: ${code}: ${error.stack ?? error.message}${cause}`)
    }
    const retryAfterSeconds = retryAfterSecondsByCode[code]
    if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds))
    return reply.code(status).send(buildErrorBody(code, message))
  }
}
