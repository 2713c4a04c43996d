import type { ModelCutoffs } from '../scoring/compiled-model.ts'
import type { ProcessingCommit, StoreConnection } from '../storage/store.ts'

/** What the re-score worker starts with. */
export interface RescoreWorkerData {
  modelText: string
  modelFile: string
  /** The version the writing thread runs: the worker refuses to go on with another. */
  version: string
  /** The percentile cut-offs the writing thread's model carries (data, not part of the file). */
  percentileCutoffs: ModelCutoffs
  connection: StoreConnection
  nowMs: number
  /** How many pages the worker may post before the first is written. */
  pagesAhead: number
  /** See `WalkOptions.sharesFromValues`. */
  sharesFromValues: boolean
}

/** What the worker posts: a page to write, then the end. */
export type WorkerMessage = { kind: 'page'; commit: ProcessingCommit; contacts: number } | { kind: 'end' }
