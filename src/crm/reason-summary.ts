import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledRule, CompiledScore } from '../scoring/compiled-model.ts'
import type { Reason, ScoreResult } from '../scoring/score-result.ts'

/**
 * The longest summary written, in characters. HubSpot takes up to 65,536 in a string property; a summary is read on
 * a record card, so it is cut far below that, after its last whole signal.
 */
export const REASONS_MAX_LENGTH = 1000

/** The priority of a rule that sets none (0–100, highest first). */
const DEFAULT_PRIORITY = 50

const SEPARATOR = ' · '

const rulesOfScore = new WeakMap<CompiledScore, Map<string, CompiledRule>>()

/** A score's rules by name, built once per compiled score. */
export function rulesByName(score: CompiledScore): Map<string, CompiledRule> {
  let rules = rulesOfScore.get(score)
  if (rules === undefined) {
    rules = new Map(score.groups.flatMap((group) => group.rules.map((rule) => [rule.name, rule] as const)))
    rulesOfScore.set(score, rules)
  }
  return rules
}

const signed = (points: number) => `${points > 0 ? '+' : '−'}${Math.abs(points)}`

function shown(value: PropertyValue | undefined): string {
  if (value === undefined || value === null) return '—'
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Math.round(value * 100) / 100)
  return String(value)
}

/** A rule's text in the summary: its signal text with the values it read, or its label (a cap's name). */
function signalText(rule: CompiledRule | undefined, reason: Reason): string {
  if (rule?.signalText === undefined) return rule?.label ?? reason.rule
  return rule.signalText.template.replace(/\{\s*([a-z][a-z0-9_.]*)\s*\}/g, (_, name: string) =>
    name === 'points' ? String(reason.points) : shown(reason.values?.[name]),
  )
}

/** The signals joined, without their tail when too long: `… · +3 more`, so it never passes `maxLength`. */
export function joinWithin(items: readonly string[], maxLength: number): string {
  const all = items.join(SEPARATOR)
  if (all.length <= maxLength) return all
  for (let kept = items.length - 1; kept > 0; kept--) {
    const line = `${items.slice(0, kept).join(SEPARATOR)}${SEPARATOR}+${items.length - kept} more`
    if (line.length <= maxLength) return line
  }
  return `${all.slice(0, Math.max(0, maxLength - 1))}…`
}

/**
 * One readable line of a score's reasons, the signals that raise it first and those that lower it after, each by
 * priority and then by the size of its points: `Invited 4 teammates +15 · Onboarding completed +20 · Inactive −5`.
 * Rules with `signal: false` are left out; the line is at most `maxLength` characters.
 */
export function summarizeReasons(score: CompiledScore, result: ScoreResult, maxLength = REASONS_MAX_LENGTH): string {
  const rules = rulesByName(score)
  const priority = (reason: Reason) => rules.get(reason.rule)?.priority ?? DEFAULT_PRIORITY
  const items = result.reasons
    .filter((reason) => rules.get(reason.rule)?.signal !== false)
    .sort(
      (a, b) =>
        Number(b.points > 0) - Number(a.points > 0) ||
        priority(b) - priority(a) ||
        Math.abs(b.points) - Math.abs(a.points),
    )
    .map((reason) => `${signalText(rules.get(reason.rule), reason)} ${signed(reason.points)}`)
  return joinWithin(items, maxLength)
}
