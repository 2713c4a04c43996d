import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')

/** `upscore ARGS` in a process of its own, run from the sources. */
export interface SpawnedUpscore {
  child: ChildProcess
  /** Its base URL, from the `listening on http://…` line. */
  url: string
  /** Everything it printed so far (stdout and stderr). */
  output(): string
  /** Resolves when it has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Resolves once it has printed a line matching `pattern`; rejects after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>
}

/** The variables of the public contract are taken only from `env`, never from the shell running the tests. */
const contractVariables = [
  'UPSCORE_PORT',
  'UPSCORE_HOST',
  'UPSCORE_DATA_DIR',
  'DATABASE_URL',
  'UPSCORE_MODEL',
  'UPSCORE_WRITE_KEYS',
  'UPSCORE_ADMIN_TOKEN',
  'HUBSPOT_ACCESS_TOKEN',
  'HUBSPOT_BASE_URL',
  'SLACK_WEBHOOK_URL',
]

/** Starts `upscore ARGS` from the sources (under tsx) and resolves once it listens. */
export function spawnUpscore(args: readonly string[], env: Record<string, string>, readyTimeoutMs = 60_000) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'upscore-from-sources.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...Object.fromEntries(contractVariables.map((name) => [name, undefined])), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  const listeners = new Set<() => void>()
  const onData = (chunk: Buffer) => {
    text += chunk.toString()
    for (const listener of listeners) listener()
  }
  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const waitForLine = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const look = () => {
        const line = text.split('\n').find((l) => pattern.test(l))
        if (line === undefined) return false
        cleanup()
        resolve(line)
        return true
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; it printed:\n${text.slice(-3000)}`))
      }, timeoutMs)
      const onExit = () => {
        if (look()) return
        cleanup()
        reject(new Error(`it exited before printing a line matching ${pattern}; it printed:\n${text.slice(-3000)}`))
      }
      const cleanup = () => {
        clearTimeout(timer)
        listeners.delete(look)
        child.off('exit', onExit)
      }
      if (look()) return
      listeners.add(look)
      child.once('exit', onExit)
    })
  return waitForLine(/listening on http:\/\/\S+:\d+/, readyTimeoutMs).then(
    (line): SpawnedUpscore => ({
      child,
      url: (line.match(/listening on (http:\/\/[^\s/]+:\d+)/) as RegExpMatchArray)[1] as string,
      output: () => text,
      exited,
      waitForLine,
    }),
    (error: Error) => {
      child.kill('SIGKILL')
      throw error
    },
  )
}
