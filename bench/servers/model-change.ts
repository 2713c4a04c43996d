// upscore's start-up path for a changed model, alone in its process: the full re-score, and the memory it takes
// without what the bench process used to fill the store.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkModelText } from '../../src/load-model.ts'
import { applyModelChange } from '../../src/pipeline/apply-model.ts'
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.ts'
import { sampleMemory } from '../memory-sampler.ts'
import { serveParent } from './parent-link.ts'

const dataDir = process.env.BENCH_DATA_DIR
if (dataDir === undefined) throw new Error('BENCH_DATA_DIR is not set')
const store = openSqliteStore({ path: join(dataDir, 'upscore.db'), durableFsync: false })

/** The process's peak resident memory so far (Linux), in MB; 0 where /proc is not there. */
function peakRssMb(): number {
  try {
    const line = readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+) kB/m)
    return line === null ? 0 : Math.round(Number(line[1]) / 1024)
  } catch {
    return 0
  }
}

serveParent('', {
  applyModel: async (args) => {
    const checked = checkModelText((args as { text: string }).text, 'changed.yaml')
    if (!checked.ok) throw new Error('the changed model does not compile')
    const memory = sampleMemory()
    const startedAt = performance.now()
    const report = await applyModelChange(store, checked.model, Date.now, (line) => console.log(`rescore: ${line}`))
    const seconds = (performance.now() - startedAt) / 1000
    return { seconds, report, peakRssMb: Math.max(memory.stop(), peakRssMb()) }
  },
  close: () => store.close(),
})
