import type { ModelProblemAt } from './model-problem.ts'
import type { GroupSpec, ModelSpec, RuleSpec } from './model-schema.ts'

type Path = readonly (string | number)[]

/** A group of rules as HubSpot sees it: a named group, or the rules written directly under a score. */
interface RuleGroup {
  name: string
  path: Path
  category: GroupSpec['category']
  decay: GroupSpec['decay']
  rules: Record<string, RuleSpec>
}

const warn = (path: Path, message: string): ModelProblemAt => ({
  path,
  message: `HubSpot: ${message}`,
  atKey: true,
  severity: 'warning',
})

/** The event types a rule scores: its events, or Segment page calls for a `url` rule without `event`. */
function eventTypes(rule: RuleSpec): string[] {
  if (rule.event !== undefined) return typeof rule.event === 'string' ? [rule.event] : rule.event
  return rule.url === undefined ? [] : ['page calls']
}

function lintGroup(group: RuleGroup): ModelProblemAt[] {
  const warnings: ModelProblemAt[] = []
  const rules = Object.entries(group.rules)
  const decays: Path[] = [
    ...(group.decay === undefined ? [] : [[...group.path, 'decay']]),
    ...rules.filter(([, rule]) => rule.decay !== undefined).map(([name]) => [...group.path, 'rules', name, 'decay']),
  ]
  const timed = rules.filter(([, rule]) => rule.within !== undefined).map(([name]) => name)
  const [firstDecay] = decays
  if (firstDecay !== undefined && timed.length > 0) {
    const what = `group "${group.name}" has both decay and time frames (within: ${timed.join(', ')})`
    warnings.push(warn(firstDecay, `a group takes time frames or decay, not both; ${what}`))
  }
  if (group.category === 'fit') {
    for (const path of decays) warnings.push(warn(path, `fit never decays; "${group.name}" is a fit group`))
  }
  const types = [...new Set(rules.flatMap(([, rule]) => eventTypes(rule)))]
  if (types.length > 1) {
    const what = `group "${group.name}" scores ${types.length}: ${types.join(', ')}`
    warnings.push(warn(group.path, `a group scores one event type; ${what}`))
  }
  for (const [name, rule] of rules) {
    if (rule.frequency !== undefined && rule.max !== undefined) {
      warnings.push(warn([...group.path, 'rules', name, 'max'], 'a rule with frequency bands takes no max'))
    }
  }
  return warnings
}

/**
 * What HubSpot's own scoring tool would not take, as warnings: upscore computes the model as written. Time frames
 * and decay in one group, decay on fit, more than one event type in a group, a max with frequency bands.
 */
export function hubspotLints(spec: ModelSpec): ModelProblemAt[] {
  return Object.entries(spec.scores).flatMap(([scoreName, score]) => {
    const path = ['scores', scoreName]
    const groups: RuleGroup[] = Object.entries(score.groups ?? {}).map(([name, group]) => ({
      name,
      path: [...path, 'groups', name],
      category: group.category,
      decay: group.decay,
      rules: group.rules,
    }))
    if (score.rules !== undefined) {
      const own = { name: scoreName, path: [...path, 'rules'], category: undefined, decay: undefined }
      groups.unshift({ ...own, rules: score.rules })
    }
    return groups.flatMap(lintGroup)
  })
}
