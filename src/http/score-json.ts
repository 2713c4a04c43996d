import type { ScoreResult } from '../scoring/score-result.ts'
import type { HistoryEntry } from '../storage/records.ts'

/** One score as the read API shows it: `{value, label, reasons}`, with `grid` and `gradeScore` when it has a grid. */
export function toScoresJson(scores: Record<string, ScoreResult>): Record<string, ScoreResult> {
  const out: Record<string, ScoreResult> = {}
  for (const [name, score] of Object.entries(scores)) {
    const json: ScoreResult = { value: score.value, label: score.label, reasons: score.reasons }
    if (score.grid !== undefined) json.grid = score.grid
    if (score.gradeScore !== undefined) json.gradeScore = score.gradeScore
    out[name] = json
  }
  return out
}

export interface HistoryEntryJson {
  at: string
  score: string
  from: number | null
  to: number
  label: string | null
  cause: HistoryEntry['cause']
  reasons: HistoryEntry['reasons']
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
  }
}
