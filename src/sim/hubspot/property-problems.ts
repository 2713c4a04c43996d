import type { ErrorDetail } from './hubspot-error.ts'

/** Why HubSpot refused one property of one record. */
export type PropertyProblem = { name: string; code: string; message: string }

/**
 * HubSpot's VALIDATION_ERROR message for refused property values: the text "Property values were not valid: "
 * followed by the JSON list of property validation results, as real answers carry it.
 */
export function propertyProblemsMessage(problems: readonly PropertyProblem[], portalId: number): string {
  const results = problems.map((problem) => ({
    isValid: false,
    message: problem.message,
    error: problem.code,
    name: problem.name,
    localizedErrorMessage: problem.message,
    portalId,
  }))
  return `Property values were not valid: ${JSON.stringify(results)}`
}

/** The same problems as error details (`{message, code, in}`), easier to read than the message. */
export function propertyProblemDetails(problems: readonly PropertyProblem[]): ErrorDetail[] {
  return problems.map((problem) => ({ message: problem.message, code: problem.code, in: problem.name }))
}
