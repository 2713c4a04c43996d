import type { CompiledProperty, EventProperty } from '../properties/compiled-property.ts'
import type { PropertySpec } from './model-schema.ts'

/**
 * The `days_since` properties of the last time an event happened, by name, with the events they read: what an
 * `inactivity` set may name as its activity.
 */
export function daysSinceMatchers(
  specs: Record<string, PropertySpec> | undefined,
  compiled: readonly CompiledProperty[],
): ReadonlyMap<string, EventProperty['matches']> {
  const matchers = new Map<string, EventProperty['matches']>()
  for (const property of compiled) {
    const spec = specs?.[property.name]
    if (spec?.type !== 'days_since' || spec.of === 'first' || property.source !== 'events') continue
    matchers.set(property.name, property.matches)
  }
  return matchers
}
