import { ownValue } from '../data-record.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import type { LabelColor } from '../scoring/label-color.ts'
import type { ScoreResult } from '../scoring/score-result.ts'
import type { HistoryEntry, HistoryEvent, StepChanges } from '../storage/records.ts'

/**
 * One score as the read API shows it; `color` is its label's colour, when the model gives the label one; `recent`
 * its recent signals, with ISO times.
 */
export type ScoreJson = Omit<ScoreResult, 'recent'> & { color?: LabelColor; recent?: { rule: string; at: string }[] }

/**
 * Scores as the read API shows them: `{value, label, reasons}`, with `grid` and `gradeScore` when it has a grid,
 * `recent` when it lists recent signals, and the label's `color` from `model` (the model in use) when it has one.
 */
export function toScoresJson(
  scores: Record<string, ScoreResult>,
  model?: Pick<CompiledModel, 'contactScores' | 'companyScores'>,
): Record<string, ScoreJson> {
  const colors = new Map(
    [...(model?.contactScores ?? []), ...(model?.companyScores ?? [])].map((s) => [s.name, s.labelColors]),
  )
  const out: Record<string, ScoreJson> = {}
  for (const [name, score] of Object.entries(scores)) {
    // A stored label may come from an earlier model, which took any label name: the model's own colours only.
    const labelColors = score.label === null ? undefined : colors.get(name)
    const color = labelColors === undefined || score.label === null ? undefined : ownValue(labelColors, score.label)
    const json: ScoreJson = {
      value: score.value,
      label: score.label,
      ...(color === undefined ? {} : { color }),
      reasons: score.reasons,
    }
    if (score.grid !== undefined) json.grid = score.grid
    if (score.gradeScore !== undefined) json.gradeScore = score.gradeScore
    if (score.recent !== undefined) {
      json.recent = score.recent.map((signal) => ({ rule: signal.rule, at: new Date(signal.atMs).toISOString() }))
    }
    out[name] = json
  }
  return out
}

/** A step's event as history shows it: `timestamp` is the event's time, ISO. */
export type HistoryEventJson = Omit<HistoryEvent, 'timestampMs'> & { timestamp: string }

/**
 * A score change as `GET /api/contacts/{key}/history` answers it: the contract's fields, then HubSpot's `delta` and
 * what the step changed (`events`, `eventsOmitted`, `propertyChanges`, and `segments` — HubSpot's lists).
 */
export interface HistoryEntryJson extends Omit<StepChanges, 'events'> {
  at: string
  score: string
  from: number | null
  to: number
  label: string | null
  cause: HistoryEntry['cause']
  reasons: HistoryEntry['reasons']
  delta: number
  events: HistoryEventJson[]
}

export function toHistoryEntryJson(entry: HistoryEntry): HistoryEntryJson {
  return {
    at: new Date(entry.atMs).toISOString(),
    score: entry.score,
    from: entry.from,
    to: entry.to,
    label: entry.label,
    cause: entry.cause,
    reasons: entry.reasons,
    delta: entry.delta,
    events: entry.events.map(({ timestampMs, ...event }) => ({
      ...event,
      timestamp: new Date(timestampMs).toISOString(),
    })),
    eventsOmitted: entry.eventsOmitted,
    propertyChanges: entry.propertyChanges,
    segments: entry.segments,
  }
}
