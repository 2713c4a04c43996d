import type { Event } from '../events/event.ts'
import type { PropertyKind } from './property-kind.ts'

/**
 * A kind whose state starts over at a reset event (e.g. `reset_on: Deal Lost`): what was counted up to it stops
 * counting, and the reset event itself is not counted. Events that arrive after a reset but are stamped before it
 * still count (the state keeps no reset time).
 */
export function resetOn<S>(kind: PropertyKind<S>, isReset: (event: Event) => boolean): PropertyKind<S> {
  return { ...kind, apply: (state, event) => (isReset(event) ? kind.initial() : kind.apply(state, event)) }
}
