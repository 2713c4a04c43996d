import type { LocatedCrmDefinition } from './crm-definitions.ts'
import type { ModelProblemAt } from './model-problem.ts'

/** HubSpot's internal property names: a lower-case letter, then lower-case letters, digits and `_`; 100 at most. */
const INTERNAL_NAME = /^[a-z][a-z0-9_]{0,99}$/

/**
 * Names HubSpot would refuse, and two CRM properties of one object with one name (a score output named like a
 * property, two scores' outputs renamed alike, `<score>_label` beside a property of that name): the later one is
 * the problem.
 */
export function crmNameProblems(definitions: readonly LocatedCrmDefinition[]): ModelProblemAt[] {
  const problems: ModelProblemAt[] = []
  const seen = new Map<string, LocatedCrmDefinition>()
  for (const located of definitions) {
    const { objectType, name } = located.definition
    const where = { path: located.path, ...(located.atKey ? { atKey: true } : {}) }
    if (!INTERNAL_NAME.test(name)) {
      problems.push({
        ...where,
        message: `CRM property "${name}" of ${located.what} is not a HubSpot internal name (a-z, 0-9, _; at most 100)`,
      })
    }
    const key = `${objectType}:${name}`
    const first = seen.get(key)
    if (first === undefined) seen.set(key, located)
    else {
      problems.push({
        ...where,
        message: `${located.what} writes ${objectType} property "${name}", which ${first.what} writes too`,
      })
    }
  }
  return problems
}
