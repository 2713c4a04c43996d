import { adjustedOccurrencesKind } from '../properties/adjusted-occurrences-kind.ts'
import type { EventProperty } from '../properties/compiled-property.ts'
import { type Decay, NO_DECAY } from '../properties/decay.ts'
import type { Inactivity } from '../properties/inactivity.ts'
import {
  OCCURRENCE_STATE_FORMAT,
  type OccurrencePointsOptions,
  type Occurrences,
  occurrencePointsKind,
} from '../properties/occurrence-points-kind.ts'
import type { PropertyKind } from '../properties/property-kind.ts'
import { ALL_TIME } from '../properties/time-window.ts'
import {
  adjustmentsFor,
  type CompiledInactivity,
  isAdjusted,
  type RuleAdjusting,
  reachesRules,
} from './compile-adjust.ts'
import { compileDecay } from './compile-decay.ts'
import { compileMatcher, type TypeMismatches } from './compile-properties.ts'
import type { CompiledRule } from './compiled-model.ts'
import type { DecaySpec } from './model-schema.ts'

type Path = readonly (string | number)[]

const asInactivity = (compiled: CompiledInactivity | undefined, holds: boolean): Inactivity | undefined =>
  compiled === undefined
    ? undefined
    : { afterMs: compiled.afterMs, isActivity: compiled.isActivity, setTo: holds ? compiled.setTo : undefined }

/** An event rule's points kind: adjusted when adjustments or an inactivity set reach its place. */
export function adjustableOccurrencesKind(
  options: OccurrencePointsOptions,
  adjusting: RuleAdjusting | undefined,
): PropertyKind<Occurrences> {
  if (!isAdjusted(adjusting)) return occurrencePointsKind(options)
  return adjustedOccurrencesKind(options, {
    adjustmentsOf: adjustmentsFor(adjusting, undefined),
    inactivity: asInactivity(adjusting.inactivity, false),
  })
}

/** Where holders go: the score, the reset events and decay of their place, and the subject's hidden properties. */
export interface HolderPlace {
  score: string
  resetOn: string | string[] | undefined
  /** The group's decay (none for the score itself): adjusted points decay with it. */
  decay: DecaySpec | undefined
  hidden: EventProperty[]
  mismatches: TypeMismatches
}

/** The holder rules of a score's or group's own `adjust` and `inactivity` (see `holderRules`). */
export function holdersOf(adjusting: RuleAdjusting | undefined, place: HolderPlace, path: Path): CompiledRule[] {
  if (!isAdjusted(adjusting)) return []
  const isReset =
    place.resetOn === undefined ? () => false : compileMatcher(place.resetOn, undefined, path, [], place.mismatches)
  // The group's rules report a decay's problems already.
  const decay = compileDecay(place.decay, path, [])
  return holderRules(adjusting, { ...place, isReset, compiledDecay: decay })
}

interface HolderContext extends HolderPlace {
  isReset: (event: Parameters<EventProperty['matches']>[0]) => boolean
  compiledDecay: Decay
}

/**
 * The rules that keep what a score's or group's own `adjust` and `inactivity` give: `<place> adjustments` (plus,
 * minus and set values, decaying with the group's decay) and `<place> inactivity` (the set value, which does not
 * decay). Their hidden properties are added to `place.hidden`.
 */
function holderRules(adjusting: RuleAdjusting, place: HolderContext): CompiledRule[] {
  const owner = adjusting.group ?? place.score
  const own = adjusting.adjusters.filter((adjuster) => adjuster.group === adjusting.group)
  const inactivity = adjusting.inactivity?.group === adjusting.group ? adjusting.inactivity : undefined
  const rules: CompiledRule[] = []
  const add = (role: 'adjust' | 'inactive', label: string, signal: boolean, decay: Decay) => {
    const property = `__${role}:${place.score}:${adjusting.group ?? ''}`
    const kind = adjustedOccurrencesKind(
      { pointsOf: () => null, window: ALL_TIME, decay, once: false, isReset: place.isReset },
      {
        adjustmentsOf: adjustmentsFor(adjusting, role === 'adjust' ? (adjusting.group ?? null) : undefined),
        inactivity: asInactivity(adjusting.inactivity, role === 'inactive'),
      },
    )
    const reaches = reachesRules(adjusting)
    place.hidden.push({
      name: property,
      hidden: true,
      signature: JSON.stringify({
        format: OCCURRENCE_STATE_FORMAT,
        role,
        adjusting: adjusting.signature,
        resetOn: place.resetOn,
        decay: role === 'adjust' ? place.decay : undefined,
      }),
      label: property,
      description: undefined,
      crmType: 'number',
      source: 'events',
      kind,
      matches: (event) => reaches(event) || place.isReset(event),
    })
    rules.push({
      name: `${owner} ${role === 'adjust' ? 'adjustments' : 'inactivity'}`,
      label,
      signal,
      when: undefined,
      points: 0,
      amount: { kind: 'occurrences', property },
      activeFromMs: undefined,
      activeToMs: undefined,
      max: undefined,
      min: undefined,
    })
  }
  if (own.length > 0) {
    const label = own.find((adjuster) => adjuster.label !== undefined)?.label ?? 'Adjusted'
    const signal = own.find((adjuster) => adjuster.signal !== undefined)?.signal ?? true
    add('adjust', label, signal, place.compiledDecay)
  }
  if (inactivity !== undefined) add('inactive', inactivity.label, true, NO_DECAY)
  return rules
}
