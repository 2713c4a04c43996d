/** The steps of a publish: stop processing, rebuild properties, re-score companies then contacts, resume. */
export type PublishStep = 'stopping' | 'backfill' | 'companies' | 'contacts' | 'resuming'

/** A publish under way, as `GET /api/model` shows it. */
export interface PublishProgress {
  version: string
  name: string
  startedAtMs: number
  step: PublishStep
  /** Entities (or events, while rebuilding properties) done so far in this step, and in all. */
  done: number
  total: number
  /** Failed attempts so far: a fault (of the store) is retried every second until the switch succeeds. */
  failures: number
  lastError: string | undefined
}

/** A publish that has finished: the new model is live. */
export interface PublishOutcome {
  version: string
  name: string
  startedAtMs: number
  finishedAtMs: number
  /** Properties rebuilt from the event log. */
  backfilled: string[]
  companies: number
  contacts: number
}

const progressBar = /^(backfill|companies|contacts) \[[#.]*\] \d+% \((\d+)\/(\d+)\)$/

/**
 * Follows the lines the model change prints (`contacts [########............] 40% (400/1000)`, at most one a
 * second, and a last one at 100%), which are its only progress report.
 */
export function trackProgressLine(progress: PublishProgress, line: string): void {
  const bar = progressBar.exec(line)
  if (bar !== null) {
    progress.step = bar[1] as PublishStep
    progress.done = Number(bar[2])
    progress.total = Number(bar[3])
    return
  }
  if (line.includes(': rebuilding ')) Object.assign(progress, { step: 'backfill', done: 0, total: 0 })
  else if (line.includes(': re-scoring ')) Object.assign(progress, { step: 'companies', done: 0, total: 0 })
}
