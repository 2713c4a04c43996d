import { statSync } from 'node:fs'
import { UpscoreError } from '../../errors.ts'

/**
 * Returns a check that throws `storage_failure` once the database file at `path` is no longer the file this process
 * opened: removed, or replaced by another file. SQLite keeps writing to the file it has open, so without this check
 * every write after a removal would succeed into a file that no longer has a name, and be gone at the next start.
 * A file overwritten in place keeps its identity and is not caught here.
 */
export function watchFileIdentity(path: string): () => void {
  if (path === ':memory:') return () => undefined
  const opened = statSync(path)
  return () => {
    const now = statSync(path, { throwIfNoEntry: false })
    if (now !== undefined && now.ino === opened.ino && now.dev === opened.dev) return
    throw new UpscoreError(
      'storage_failure',
      `the database file was ${now === undefined ? 'removed' : 'replaced'} while the service runs: what it writes now would be lost; restart the service`,
    )
  }
}
