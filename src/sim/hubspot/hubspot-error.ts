/** A detail inside an error body: which input or property failed and why. */
export type ErrorDetail = { message: string; code?: string; in?: string }

/** HubSpot's error JSON (the `Error` schema plus the `status` field real bodies carry). */
export type HubspotErrorBody = {
  status: 'error'
  message: string
  correlationId: string
  category: string
  subCategory?: string
  errors?: ErrorDetail[]
  context?: Record<string, string[]>
  links?: Record<string, string>
}

/** An error of one input in a batch answer (`StandardError`: `status` is a string, no `correlationId`). */
export type StandardError = {
  status: 'error'
  category: string
  message: string
  context: Record<string, string[]>
  errors: ErrorDetail[]
  links: Record<string, string>
}

export function errorBody(
  correlationId: string,
  category: string,
  message: string,
  extra: Partial<Pick<HubspotErrorBody, 'subCategory' | 'errors' | 'context' | 'links'>> = {},
): HubspotErrorBody {
  return { status: 'error', message, correlationId, category, ...extra }
}

export function standardError(
  category: string,
  message: string,
  context: Record<string, string[]>,
  errors: ErrorDetail[] = [],
): StandardError {
  return { status: 'error', category, message, context, errors, links: {} }
}
