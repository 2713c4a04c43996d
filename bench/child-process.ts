import { type ChildProcess, fork } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { ChildMessage, ParentMessage } from './servers/parent-link.ts'

/** A server under test in its own process, so that it and the load generator do not share one event loop. */
export interface BenchChild {
  pid: number
  /** What the child announced when ready (its URL). */
  url: string
  /** Runs a command the child offers and resolves to its answer. */
  call<T>(command: string, args?: unknown): Promise<T>
  /** Asks the child to close and waits for it to exit; kills it after `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

/** Where `--cpu-prof` writes the children's profiles when `BENCH_CPU_PROF=1`. */
export const profileDir = fileURLToPath(new URL('./results/profiles/', import.meta.url))

/**
 * Starts `bench/servers/<script>` under tsx with `env` added to this process's environment, and resolves once it
 * says it is ready. With `BENCH_CPU_PROF=1` the child writes a CPU profile to `bench/results/profiles/`.
 */
export function startChild(script: string, env: Record<string, string>, readyTimeoutMs = 60_000): Promise<BenchChild> {
  const path = fileURLToPath(new URL(`./servers/${script}`, import.meta.url))
  const execArgv = ['--import', 'tsx']
  if (process.env.BENCH_CPU_PROF === '1') {
    mkdirSync(profileDir, { recursive: true })
    execArgv.push('--cpu-prof', '--cpu-prof-dir', profileDir)
  }
  const child = fork(path, [], {
    execArgv,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`${script} did not start within ${readyTimeoutMs} ms`))
    }, readyTimeoutMs)
    const onExit = (code: number | null) => {
      clearTimeout(timer)
      reject(new Error(`${script} exited with ${code} before it was ready`))
    }
    child.once('exit', onExit)
    child.once('message', (message: ChildMessage) => {
      if (message.kind !== 'ready') return
      clearTimeout(timer)
      child.off('exit', onExit)
      resolve(linkTo(child, message.url))
    })
  })
}

function linkTo(child: ChildProcess, url: string): BenchChild {
  let nextId = 0
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  child.on('message', (message: ChildMessage) => {
    if (message.kind !== 'reply') return
    const entry = waiting.get(message.id)
    waiting.delete(message.id)
    if (message.ok) entry?.resolve(message.value)
    else entry?.reject(new Error(message.error))
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.once('exit', (code) => {
    for (const entry of waiting.values()) entry.reject(new Error(`the child exited with ${code}`))
    waiting.clear()
  })
  return {
    pid: child.pid ?? -1,
    url,
    call<T>(command: string, args?: unknown): Promise<T> {
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject })
        const message: ParentMessage = { kind: 'call', id, command, args }
        child.send(message)
      })
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      child.send({ kind: 'call', id: nextId++, command: 'close' } satisfies ParentMessage)
      await exited
      clearTimeout(timer)
    },
  }
}
