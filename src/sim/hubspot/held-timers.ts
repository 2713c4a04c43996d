/** Waits that `releaseAll` ends at once, so closing the simulator never waits for added latency or held answers. */
export type HeldTimers = {
  sleep(ms: number): Promise<void>
  releaseAll(): void
  /** How many waits are under way. */
  count(): number
}

export function createHeldTimers(): HeldTimers {
  const pending = new Map<ReturnType<typeof setTimeout>, () => void>()
  return {
    sleep(ms) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(timer)
          resolve()
        }, ms)
        pending.set(timer, resolve)
      })
    },
    count: () => pending.size,
    releaseAll() {
      for (const [timer, resolve] of pending) {
        clearTimeout(timer)
        resolve()
      }
      pending.clear()
    },
  }
}
