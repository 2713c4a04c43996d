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
  signals?: Pick<EventEmitter, 'on' | 'off'>
  /** Ends the process at once. Default `process.exit`. */
  exit?: (code: number) => void
  /** The clock, epoch ms. Default `Date.now`. */
  now?: () => number
}

const stopSignals = ['SIGINT', 'SIGTERM'] as const
type StopSignal = (typeof stopSignals)[number]
const exitCodeOnSignal: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 }

/**
 * Waits for SIGTERM or SIGINT, then stops `service` gracefully and resolves with exit code 0. When the stop takes
 * longer than the deadline, or a second signal comes, it prints what was cut short and exits at once: with 1 after
 * the deadline, with 128 + the signal's number after a second signal. What is cut short is safe to cut: nothing
 * acknowledged is lost, and the work left is picked up at the next start.
 */
export function stopOnSignal(service: Stoppable, options: StopOnSignalOptions): Promise<number> {
  const { print } = options
  const deadlineMs = options.deadlineMs ?? 10_000
  const signals = options.signals ?? process
  const exit = options.exit ?? ((code: number) => process.exit(code))
  const now = options.now ?? Date.now
  const cutShort = () => service.closingStep() ?? 'starting to stop'
  return new Promise((resolve, reject) => {
    let stopping = false
    // One listener per signal for the whole stop: while a signal has none, Node gives it its default action (the
    // process dies at once), and a second signal arriving in that gap would skip the line saying what was cut short.
    const listeners = stopSignals.map((signal) => [signal, () => onSignal(signal)] as const)
    const stopListening = () => {
      for (const [signal, listener] of listeners) signals.off(signal, listener)
    }
    const onSignal = (signal: StopSignal) => {
      if (stopping) {
        print(`upscore: ${signal} again: exiting at once; cut short: ${cutShort()}`)
        exit(exitCodeOnSignal[signal])
        return
      }
      stopping = true
      const startedAtMs = now()
      print(
        `upscore: ${signal}: stopping — no new requests, those in flight finish (at most ${deadlineMs / 1000} s; ` +
          'a second signal stops at once)',
      )
      const deadline = setTimeout(() => {
        print(`upscore: not stopped after ${deadlineMs / 1000} s, exiting anyway; cut short: ${cutShort()}`)
        exit(1)
      }, deadlineMs)
      service.close().then(
        () => {
          clearTimeout(deadline)
          stopListening()
          print(`upscore: stopped in ${now() - startedAtMs} ms`)
          resolve(0)
        },
        (error: unknown) => {
          clearTimeout(deadline)
          stopListening()
          reject(error)
        },
      )
    }
    for (const [signal, listener] of listeners) signals.on(signal, listener)
  })
}
