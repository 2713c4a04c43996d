import type { EventProperty } from '../properties/compiled-property.ts'
import type { RuleAdjusting } from './compile-adjust.ts'
import type { BecameDraft } from './compile-became.ts'
import type { TypeMismatches } from './compile-properties.ts'
import type { ExpressionScope } from './expression.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { DecaySpec } from './model-schema.ts'
import type { ModelCalendar } from './parse-window.ts'
import type { SegmentNames } from './segment-condition.ts'

export type Path = readonly (string | number)[]

/** Names an expression of a score may read. */
export interface ScoreNames {
  self: Set<string>
  company: Set<string>
  /** The model's segments, for `segments:` rules and a score's scope. */
  segments?: SegmentNames
  /** The subject's `days_since` properties (of the last time) by name, with their events: activity for `inactivity`. */
  daysSince?: ReadonlyMap<string, EventProperty['matches']>
}

/** What compiling one rule needs to know of its score and group, and where it reports. */
export interface RuleContext {
  score: string
  scope: ExpressionScope
  names: ScoreNames
  calendar: ModelCalendar
  groupDecay: DecaySpec | undefined
  groupPath: Path | undefined
  problems: ModelProblemAt[]
  /** Hidden properties the score's event rules need on their subject. */
  hidden: EventProperty[]
  mismatches: TypeMismatches
  /** The events that reset the score's (or group's) event rules. */
  resetOn: string | string[] | undefined
  /** The score's `became` rules, finished with the whole model. */
  became: BecameDraft[]
  /** The adjustments and inactivity set that reach the event rules here. */
  adjusting: RuleAdjusting | undefined
}
