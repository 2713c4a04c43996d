/** Samples this process's resident memory while something runs; reports the peak in MB. */
export function sampleMemory(intervalMs = 50): { stop(): number } {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, intervalMs)
  return {
    stop() {
      clearInterval(timer)
      return Math.round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20)
    },
  }
}
