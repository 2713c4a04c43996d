import type { Event } from '../events/event.ts'
import type { CrmValueType, PropertyKind } from './property-kind.ts'
import type { TimeWindow } from './time-window.ts'

interface PropertyBase {
  name: string
  /** Kept for a rule's own use (event rules), never shown or sent to the CRM. */
  hidden?: boolean
  /** Changes when the definition changes in a way that changes its state: then it is rebuilt from the event log. */
  signature: string
  label: string
  description: string | undefined
  crmType: CrmValueType
}

/** A property computed from the entity's own events (contacts) or its members' events (companies). */
export interface EventProperty extends PropertyBase {
  source: 'events'
  kind: PropertyKind
  matches: (event: Event) => boolean
}

/** The latest value of an `identify` (contact) or `group` (company) trait. */
export interface TraitProperty extends PropertyBase {
  source: 'traits'
  kind: PropertyKind
}

/** One property divided by another of the same entity. */
export interface RatioProperty extends PropertyBase {
  source: 'ratio'
  numerator: string
  denominator: string
}

/** Company: how many of its users now had a matching event in the window. */
export interface ActiveUsersProperty extends PropertyBase {
  source: 'active_users'
  matches: (event: Event) => boolean
  window: TimeWindow
}

/**
 * Company: a roll-up over its members of a contact property or score (count, sum, max, min, average). Each member's
 * contribution is kept on the company; `contribution` reads it from the member's values and scores.
 */
export interface RollupProperty extends PropertyBase {
  source: 'rollup'
  fn: 'count' | 'sum' | 'max' | 'min' | 'avg'
  /** Whether it reads contact scores (then it is settled after the contacts are scored). */
  readsScores: boolean
  contribution: (read: (name: string) => unknown) => number | undefined
}

export type CompiledProperty = EventProperty | TraitProperty | RatioProperty | ActiveUsersProperty | RollupProperty

/** The properties of one kind of entity, in the order the model declares them. */
export interface EntityModel {
  properties: readonly CompiledProperty[]
  /** Which calls carry this entity's traits: `identify` for contacts, `group` for companies. */
  traitsFrom: 'identify' | 'group'
  /** Contacts only: the company `active_users` properties, whose activity each contact keeps for its company. */
  activity: readonly ActiveUsersProperty[]
  /**
   * The earliest instant an evaluation will read values at, when before now (`became` rules follow their condition
   * from where their last evaluation left it): compaction keeps what values from then on need. Absent: now.
   */
  keepsValuesFrom?: (triggers: Readonly<Record<string, { checkedAtMs?: number }>>, nowMs: number) => number
}
