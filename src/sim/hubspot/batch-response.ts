import type { StandardError } from './hubspot-error.ts'

/**
 * HubSpot's batch answer: `status`, `results`, `startedAt`, `completedAt`, plus `numErrors` and `errors` when some
 * inputs failed, in which case the status code is 207 instead of the endpoint's success code.
 */
export function batchAnswer(
  successStatus: number,
  results: unknown[],
  errors: StandardError[],
  startedAtMs: number,
  completedAtMs: number,
): { statusCode: number; body: Record<string, unknown> } {
  const body: Record<string, unknown> = {
    status: 'COMPLETE',
    results,
    startedAt: new Date(startedAtMs).toISOString(),
    completedAt: new Date(completedAtMs).toISOString(),
  }
  if (errors.length === 0) return { statusCode: successStatus, body }
  return { statusCode: 207, body: { ...body, numErrors: errors.length, errors } }
}
