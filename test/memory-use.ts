import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

export const MB = 1024 * 1024

let collectGarbage: (() => void) | undefined

/** JavaScript heap and buffers in use after a full garbage collection (`--expose-gc` is set here, at run time). */
export function heapAfterGc(): number {
  if (collectGarbage === undefined) {
    setFlagsFromString('--expose-gc')
    collectGarbage = runInNewContext('gc') as () => void
  }
  collectGarbage()
  collectGarbage()
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.arrayBuffers
}

/** The highest RSS of the process while `work` runs, above what it was before (sampled every millisecond). */
export async function peakRssGrowth(work: () => Promise<void>): Promise<number> {
  const before = process.memoryUsage.rss()
  let peak = before
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 1)
  try {
    await work()
  } finally {
    clearInterval(sampler)
  }
  return Math.max(peak, process.memoryUsage.rss()) - before
}
