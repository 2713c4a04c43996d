import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledTrigger } from './compiled-model.ts'
import type { Lookup } from './expression.ts'

/** Per trigger: when it last fired, and whether its condition held at the last evaluation. */
export type TriggerState = Record<string, { firedAtMs?: number; holding: boolean }>

const truthy = (value: unknown) =>
  value !== undefined && value !== null && value !== false && value !== 0 && value !== ''

/**
 * Fires each trigger whose condition starts to hold: `once` triggers only the first time ever (Mautic's point
 * triggers), `on_drop_below` ones again after the condition stopped holding. Returns the new state, the names
 * fired now, and the value of each trigger's CRM property (when it last fired).
 */
export function evaluateTriggers(
  triggers: readonly CompiledTrigger[],
  previous: TriggerState,
  lookup: Lookup,
  nowMs: number,
): { state: TriggerState; fired: string[]; values: Record<string, PropertyValue> } {
  const state: TriggerState = {}
  const fired: string[] = []
  const values: Record<string, PropertyValue> = {}
  for (const trigger of triggers) {
    const before = previous[trigger.name]
    const active =
      (trigger.activeFromMs === undefined || nowMs >= trigger.activeFromMs) &&
      (trigger.activeToMs === undefined || nowMs < trigger.activeToMs)
    const holding = active && truthy(trigger.when.evaluate(lookup))
    const rises = holding && before?.holding !== true
    const fires = rises && (trigger.rearm === 'on_drop_below' || before?.firedAtMs === undefined)
    const firedAtMs = fires ? nowMs : before?.firedAtMs
    state[trigger.name] = firedAtMs === undefined ? { holding } : { firedAtMs, holding }
    if (fires) fired.push(trigger.name)
    if (trigger.property !== undefined) {
      values[trigger.property] = firedAtMs === undefined ? null : new Date(firedAtMs).toISOString()
    }
  }
  return { state, fired, values }
}
