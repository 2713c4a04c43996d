import { readFile, rename, writeFile } from 'node:fs/promises'
import type { CrmSnapshot } from './crm-state.ts'

/** The portal's data from a data file, or undefined when the file does not exist yet. */
export async function readDataFile(path: string): Promise<CrmSnapshot | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const data = JSON.parse(text) as Partial<CrmSnapshot>
  if (data.version !== 1 || data.records === undefined) throw new Error(`${path} is not a HubSpot simulator data file`)
  return data as CrmSnapshot
}

export type DataFileWriter = {
  /** Saves soon; many changes close together make one write. */
  schedule(): void
  /** Saves now if anything is waiting, and waits for the write to finish. */
  flush(): Promise<void>
}

/** Saves the data debounced, whole-file and atomically (written beside it, then renamed over it). */
export function createDataFileWriter(path: string, snapshot: () => CrmSnapshot, debounceMs: number): DataFileWriter {
  let timer: ReturnType<typeof setTimeout> | undefined
  let writing: Promise<void> = Promise.resolve()
  const save = (): Promise<void> => {
    timer = undefined
    const text = JSON.stringify(snapshot())
    // A failed write must not stop later ones; the failure surfaces from the next `flush`.
    writing = writing
      .catch(() => undefined)
      .then(async () => {
        const temporary = `${path}.${process.pid}.tmp`
        await writeFile(temporary, text)
        await rename(temporary, path)
      })
    return writing
  }
  return {
    schedule() {
      if (timer === undefined) timer = setTimeout(() => void save().catch(() => undefined), debounceMs)
    },
    async flush() {
      if (timer !== undefined) {
        clearTimeout(timer)
        await save()
      }
      await writing
    },
  }
}
