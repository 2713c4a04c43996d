/** Interruptible waits for the sync's loops. */
export interface Waker {
  /** Waits `ms`; ends early only when `signal` aborts (stop). */
  pause(ms: number, signal: AbortSignal): Promise<void>
  /** Waits `ms`; ends early on `wake()` or when `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<void>
  /** Ends the current `wait`s, or the next one if none is waiting. */
  wake(): void
}

/**
 * Waits with an injected `sleep` (tests) or, by default, a timer that is cleared when the wait ends early, so a
 * stopped sync leaves no timer behind (a daily-limit pause can last hours).
 */
export function createWaker(sleep: ((ms: number) => Promise<void>) | undefined): Waker {
  let waiting: (() => void)[] = []
  let wakePending = false

  const timed = (ms: number, signal: AbortSignal, isWakeable: boolean) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve()
      if (isWakeable && wakePending) {
        wakePending = false
        return resolve()
      }
      let timer: NodeJS.Timeout | undefined
      let ended = false
      const end = () => {
        if (ended) return
        ended = true
        if (timer !== undefined) clearTimeout(timer)
        signal.removeEventListener('abort', end)
        waiting = waiting.filter((w) => w !== end)
        resolve()
      }
      signal.addEventListener('abort', end, { once: true })
      if (isWakeable) waiting.push(end)
      if (sleep === undefined) timer = setTimeout(end, Math.max(0, ms))
      else void sleep(Math.max(0, ms)).then(end)
    })

  return {
    pause: (ms, signal) => timed(ms, signal, false),
    wait: (ms, signal) => timed(ms, signal, true),
    wake() {
      if (waiting.length === 0) {
        wakePending = true
        return
      }
      const ends = waiting
      waiting = []
      for (const end of ends) end()
    },
  }
}
