import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh folder for one benchmark's data, removed by `remove()`. */
export function createTempDir(name: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `upscore-bench-${name}-`))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}
