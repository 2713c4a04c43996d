import type { Config } from '../config.ts'
import type { ErrorCode } from '../errors.ts'
import type { ProcessorStats } from '../pipeline/processor.ts'

/** What the engine's thread is started with. */
export interface EngineWorkerData {
  config: Config
}

/** An error as it crosses between threads: an `UpscoreError` keeps its code and details. */
export interface SentError {
  message: string
  code?: ErrorCode
  details?: unknown
  stack?: string
}

/** What the request side sends the engine. */
export type FrontMessage =
  | { kind: 'wake' }
  | { kind: 'call'; id: number; method: string; args: unknown[] }
  | { kind: 'close' }

/** What the engine sends the request side. */
export type EngineMessage =
  | { kind: 'started'; modelText: string }
  | { kind: 'failed'; error: SentError }
  | { kind: 'log'; line: string }
  | { kind: 'model'; text: string }
  | { kind: 'stats'; stats: ProcessorStats }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: SentError }
  | { kind: 'closed' }
