import type { CompiledProperty, EntityModel } from '../properties/compiled-property.ts'
import type { EntityState } from '../properties/entity-state.ts'
import type { CompiledRule, CompiledScore } from './compiled-model.ts'
import type { RecentSignal } from './score-result.ts'

const propertiesOf = new WeakMap<EntityModel, Map<string, CompiledProperty>>()

function propertyNamed(entity: EntityModel, name: string): CompiledProperty | undefined {
  let byName = propertiesOf.get(entity)
  if (byName === undefined) {
    byName = new Map(entity.properties.map((p) => [p.name, p]))
    propertiesOf.set(entity, byName)
  }
  return byName.get(name)
}

/**
 * The hidden property where an event or URL rule keeps its occurrences (named `__rule:…`); undefined for other rules,
 * `became` rules and adjustments among them, which count instants rather than events.
 */
export function eventsPropertyOf(rule: CompiledRule): string | undefined {
  const { amount } = rule
  if (amount.kind !== 'occurrences' && amount.kind !== 'bands') return undefined
  return amount.property.startsWith('__rule:') ? amount.property : undefined
}

/**
 * The latest events a score's event rules count now (in their window, not decayed away, after a reset), latest
 * first, at most `score.recentSignals`: MadKudu's signals ("recent activities"). Rules with `signal: false` are left
 * out, and so are `became` rules and adjustments, which count instants rather than events.
 */
export function recentSignals(
  score: CompiledScore,
  entity: EntityModel,
  state: EntityState,
  nowMs: number,
): RecentSignal[] {
  const found: RecentSignal[] = []
  for (const rule of score.groups.flatMap((group) => group.rules)) {
    const name = eventsPropertyOf(rule)
    if (rule.signal === false || name === undefined) continue
    const property = propertyNamed(entity, name)
    if (property === undefined || property.source !== 'events') continue
    const propertyState = state.props[property.name]
    if (propertyState === undefined) continue
    for (const atMs of property.kind.occurrencesAt?.(propertyState, nowMs) ?? []) found.push({ rule: rule.name, atMs })
  }
  return found.sort((a, b) => b.atMs - a.atMs).slice(0, score.recentSignals ?? 0)
}
