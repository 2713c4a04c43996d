import type { EventEmitter } from 'node:events'

/** What can be stopped gracefully, and say what it is still waiting for. */
export interface Stoppable {
  close(): Promise<void>
  /** What `close()` is waiting for now, in words. */
  closingStep(): string | undefined
}

export interface StopOnSignalOptions {
  print: (line: string) => void
  /** The longest a graceful stop may take, in ms; then the process exits anyway. Default 10,000. */
  deadlineMs?: number
  /** Where SIGINT and SIGTERM arrive. Default `process`. */
  signals?: Pick<EventEmitter, 'once' | 'off'>
  /** Ends the process at once. Default `process.exit`. */
  exit?: (code: number) => void
  /** The clock, epoch ms. Default `Date.now`. */
  now?: () => number
}

const stopSignals = ['SIGINT', 'SIGTERM'] as const
type StopSignal = (typeof stopSignals)[number]
const exitCodeOnSignal: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 }

const nextSignal = (signals: Pick<EventEmitter, 'once' | 'off'>) =>
  new Promise<StopSignal>((resolve) => {
    const listeners = stopSignals.map((signal) => {
      const listener = () => {
        for (const [other, otherListener] of listeners) if (other !== signal) signals.off(other, otherListener)
        resolve(signal)
      }
      signals.once(signal, listener)
      return [signal, listener] as const
    })
  })

/**
 * Waits for SIGTERM or SIGINT, then stops `service` gracefully and resolves with exit code 0. When the stop takes
 * longer than the deadline, or a second signal comes, it prints what was cut short and exits at once: with 1 after
 * the deadline, with 128 + the signal's number after a second signal. What is cut short is safe to cut: nothing
 * acknowledged is lost, and the work left is picked up at the next start.
 */
export async function stopOnSignal(service: Stoppable, options: StopOnSignalOptions): Promise<number> {
  const { print } = options
  const deadlineMs = options.deadlineMs ?? 10_000
  const signals = options.signals ?? process
  const exit = options.exit ?? ((code: number) => process.exit(code))
  const now = options.now ?? Date.now
  const first = await nextSignal(signals)
  const startedAtMs = now()
  print(
    `upscore: ${first}: stopping — no new requests, those in flight finish (at most ${deadlineMs / 1000} s; ` +
      'a second signal stops at once)',
  )
  const cutShort = () => service.closingStep() ?? 'starting to stop'
  const deadline = setTimeout(() => {
    print(`upscore: not stopped after ${deadlineMs / 1000} s, exiting anyway; cut short: ${cutShort()}`)
    exit(1)
  }, deadlineMs)
  let stopped = false
  nextSignal(signals).then((second) => {
    if (stopped) return
    print(`upscore: ${second} again: exiting at once; cut short: ${cutShort()}`)
    exit(exitCodeOnSignal[second])
  })
  try {
    await service.close()
  } finally {
    stopped = true
    clearTimeout(deadline)
  }
  print(`upscore: stopped in ${now() - startedAtMs} ms`)
  return 0
}
