import type { RateLimitPolicy } from './rate-limiter.ts'

const messages: Record<RateLimitPolicy, string> = {
  TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
  DAILY: 'You have reached your daily limit.',
  // The official client retries after 1 s × attempt on exactly this message (search's per-second limit).
  SECONDLY: 'You have reached your secondly limit.',
}

/** HubSpot's 429 body; the official client decides whether to retry by `policyName` and `message`. */
export function rateLimitBody(
  policy: RateLimitPolicy,
  correlationId: string,
  portalId: number,
): Record<string, string> {
  return {
    status: 'error',
    message: messages[policy],
    errorType: 'RATE_LIMIT',
    correlationId,
    policyName: policy,
    ...(policy === 'TEN_SECONDLY_ROLLING'
      ? { groupName: `publicapi:private_app-api-calls-ten-secondly:${portalId}` }
      : {}),
  }
}
