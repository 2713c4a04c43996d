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
