/** Where a problem of a model file is: a path of keys and indexes into the YAML, and an offset inside a value. */
export interface ModelProblemAt {
  path: readonly (string | number)[]
  message: string
  /** Point at the key itself rather than its value (unknown or misplaced keys). */
  atKey?: boolean
  /** Characters into the value's text (e.g. where in an expression). */
  offset?: number
  /** A warning (e.g. what HubSpot's own tool would not take) leaves the model valid; absent: an error. */
  severity?: 'warning'
}

/** A problem of a model file, located for a person: `FILE:LINE:COLUMN message`. */
export interface ModelProblem {
  file: string
  line: number
  column: number
  message: string
  severity?: 'warning'
}

export function formatModelProblem(problem: ModelProblem): string {
  const warning = problem.severity === 'warning' ? 'warning: ' : ''
  return `${problem.file}:${problem.line}:${problem.column} ${warning}${problem.message}`
}
