import { UpscoreError } from '../../errors.ts'

/** SQLite's result code of a failed call, as better-sqlite3 reports it (`SQLITE_FULL`, `SQLITE_BUSY`, …). */
const sqliteCodeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null | undefined)?.code
  return typeof code === 'string' ? code : undefined
}

/** What a failed write means, in words an operator can act on; the SQLite code stays in brackets. */
function describeFailure(code: string | undefined, busyTimeoutMs: number): string {
  const named = code === undefined ? '' : ` (${code})`
  if (code === undefined) return 'the store could not write'
  if (code === 'SQLITE_FULL') return `the disk is full: the store cannot write${named}`
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `the database is locked by another connection, still after ${busyTimeoutMs} ms${named}`
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return `the database file is damaged or not a database${named}`
  }
  if (code.startsWith('SQLITE_READONLY')) return `the database cannot be written to${named}`
  if (code.startsWith('SQLITE_CANTOPEN')) return `the database file cannot be opened${named}`
  if (code.startsWith('SQLITE_IOERR')) return `the disk failed to read or write the database${named}`
  return `the store could not write${named}`
}

/**
 * A failed write of the embedded store as the one error of upscore: `storage_failure` (503, retry later), with a
 * message that says why — what `/healthz` shows and an ingest client reads. The SQLite error is kept as the cause.
 */
export function toStorageFailure(error: unknown, busyTimeoutMs: number): UpscoreError {
  if (error instanceof UpscoreError) return error
  return new UpscoreError('storage_failure', describeFailure(sqliteCodeOf(error), busyTimeoutMs), { cause: error })
}
