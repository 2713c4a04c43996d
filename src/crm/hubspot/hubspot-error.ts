import { z } from 'zod'

/** A detail of an error: which input or property failed and why. */
const errorDetailSchema = z.object({
  message: z.string().optional(),
  code: z.string().optional(),
  in: z.string().optional(),
  subCategory: z.string().optional(),
})

/**
 * HubSpot's error JSON: the `Error` body of a failed call, the `StandardError` of one input in a 207, and the 429
 * body (`policyName`). Every field is optional: real bodies vary (some 404s carry no category).
 */
export const hubspotErrorSchema = z.object({
  status: z.string().optional(),
  category: z.string().optional(),
  subCategory: z.string().optional(),
  message: z.string().optional(),
  correlationId: z.string().optional(),
  errors: z.array(errorDetailSchema).optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
  policyName: z.string().optional(),
  errorType: z.string().optional(),
})

export type HubspotError = z.infer<typeof hubspotErrorSchema>

/** The error in a body, or an empty one when the body is not HubSpot's error JSON. */
export function parseHubspotError(body: unknown): HubspotError {
  const parsed = hubspotErrorSchema.safeParse(body)
  if (parsed.success) return parsed.data
  return typeof body === 'string' && body !== '' ? { message: body.slice(0, 500) } : {}
}

/** One line naming HubSpot's category, message and the failing properties: what the logs and dead letters say. */
export function describeHubspotError(error: HubspotError, status?: number): string {
  const head = [status === undefined ? undefined : String(status), error.category ?? error.errorType, error.policyName]
    .filter((part) => part !== undefined)
    .join(' ')
  const details = (error.errors ?? [])
    .map((detail) => [detail.in, detail.code, detail.message].filter((part) => part !== undefined).join(' '))
    .filter((text) => text !== '')
  const message = error.message ?? 'no message'
  const correlation = error.correlationId === undefined ? '' : ` (correlationId ${error.correlationId})`
  return `${head === '' ? '' : `${head}: `}${message}${details.length === 0 ? '' : ` [${details.join('; ')}]`}${correlation}`
}
