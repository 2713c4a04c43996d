import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { type Stoppable, stopOnSignal } from './stop-on-signal.ts'

const never = () => new Promise<void>(() => undefined)
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms))

function rig(close: () => Promise<void>, deadlineMs = 10_000) {
  const signals = new EventEmitter()
  const lines: string[] = []
  const exits: number[] = []
  let closes = 0
  const service: Stoppable = {
    close: () => {
      closes++
      return close()
    },
    closingStep: () => (closes === 0 ? undefined : 'finishing 1 request(s) in flight'),
  }
  const stopped = stopOnSignal(service, {
    print: (line) => lines.push(line),
    deadlineMs,
    signals,
    exit: (code) => exits.push(code),
  })
  return { signals, lines, exits, stopped, closes: () => closes }
}

describe('stopOnSignal', () => {
  it('does nothing before a signal', async () => {
    const { closes } = rig(async () => undefined)
    await tick()
    expect(closes()).toBe(0)
  })

  it('closes the service on SIGTERM and resolves with exit code 0', async () => {
    const { signals, lines, exits, stopped } = rig(async () => undefined)
    signals.emit('SIGTERM')
    expect(await stopped).toBe(0)
    expect(exits).toEqual([])
    expect(lines[0]).toMatch(/^upscore: SIGTERM: stopping/)
    expect(lines.at(-1)).toMatch(/^upscore: stopped in \d+ ms$/)
  })

  it('exits with 1 after the deadline, naming what was cut short', async () => {
    const { signals, lines, exits } = rig(never, 30)
    signals.emit('SIGINT')
    await tick(80)
    expect(exits).toEqual([1])
    expect(lines.at(-1)).toBe(
      'upscore: not stopped after 0.03 s, exiting anyway; cut short: finishing 1 request(s) in flight',
    )
  })

  it('exits at once on a second signal, with 128 + its number', async () => {
    const { signals, lines, exits } = rig(never)
    signals.emit('SIGTERM')
    await tick()
    signals.emit('SIGTERM')
    await tick()
    expect(exits).toEqual([143])
    expect(lines.at(-1)).toBe('upscore: SIGTERM again: exiting at once; cut short: finishing 1 request(s) in flight')
  })

  it('has a listener on both signals when it says it is stopping, so a second one never gets Node’s default action', async () => {
    const signals = new EventEmitter()
    const counted: number[][] = []
    stopOnSignal(
      { close: never, closingStep: () => undefined },
      {
        print: () => counted.push([signals.listenerCount('SIGTERM'), signals.listenerCount('SIGINT')]),
        signals,
        exit: () => undefined,
      },
    )
    signals.emit('SIGTERM')
    await tick()
    expect(counted[0]).toEqual([1, 1])
  })

  it('stops listening once stopped', async () => {
    const { signals, stopped } = rig(async () => undefined)
    signals.emit('SIGTERM')
    await stopped
    expect([signals.listenerCount('SIGTERM'), signals.listenerCount('SIGINT')]).toEqual([0, 0])
  })

  it('takes SIGINT after SIGTERM as the second signal', async () => {
    const { signals, exits } = rig(never)
    signals.emit('SIGTERM')
    await tick()
    signals.emit('SIGINT')
    await tick()
    expect(exits).toEqual([130])
  })
})
