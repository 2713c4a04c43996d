import type { PropertyValue } from '../properties/property-value.ts'
import { readSeen, writeSeen } from '../properties/seen-at.ts'
import type { CompiledModel } from './compiled-model.ts'
import type { ScoreResult } from './score-result.ts'

/**
 * What a contact hands its company: when it had each `active_users` event (the last time, see `SeenAt`), and its
 * share of each roll-up (its value of the rolled-up property or score, when the roll-up's condition holds).
 */
export function memberContribution(
  model: CompiledModel,
  activity: Record<string, number>,
  values: Record<string, PropertyValue>,
  scores: Record<string, ScoreResult>,
): Record<string, number> {
  const contribution: Record<string, number> = {}
  for (const property of model.contact.activity) {
    const seen = readSeen(activity, property.name)
    if (seen !== undefined) writeSeen(contribution, property.name, seen)
  }
  const read = (name: string) => values[name] ?? scores[name]?.value
  for (const property of model.company.properties) {
    if (property.source !== 'rollup') continue
    const share = property.contribution(read)
    if (share !== undefined) contribution[property.name] = share
  }
  return contribution
}
