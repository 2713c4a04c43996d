import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { defaultModelPath } from '../src/load-model.ts'
import { type RunningService, startService } from '../src/serve.ts'

export const writeKey = 'wk_live_test'
export const adminToken = 'admin_live_test'
export const defaultText = readFileSync(defaultModelPath, 'utf8')

/** The default model with a new contact property `logins_total` and a rule reading it (+7 from 2 logins). */
export const withLoginsTotal = defaultText
  .replace(
    '    days_since_last_login:',
    '    logins_total:\n      type: count\n      event: Signed In\n    days_since_last_login:',
  )
  .replace('      plan_trial:', '      loyal:\n        when: logins_total >= 2\n        points: 7\n      plan_trial:')

export interface ApiAnswer {
  status: number
  // biome-ignore lint/suspicious/noExplicitAny: the tests look into answers of many shapes
  body: any
}

/** The whole service (`startService`) on a free port over a data folder, and ways to talk to it. */
export interface LiveService {
  service: RunningService
  dataDir: string
  lines: string[]
  api(method: string, path: string, body?: string | object): Promise<ApiAnswer>
  /** Sends Segment messages in one batch; resolves with how many were accepted. */
  send(messages: readonly object[]): Promise<number>
  /** Waits until no publish is under way and the processor has caught up with the log. */
  settled(): Promise<void>
  close(): Promise<void>
}

export interface LiveServiceOptions {
  /** A data folder to reuse (a restart); default a new one, deleted at the end of the test. */
  dataDir?: string
  /** `UPSCORE_MODEL`. */
  modelPath?: string
  env?: Record<string, string>
}

/** Starts services for the tests of a file, and closes them (and deletes their data) after each test. */
export function liveServicePerTest(): (options?: LiveServiceOptions) => Promise<LiveService> {
  const started: LiveService[] = []
  const dirs = new Set<string>()
  afterEach(async () => {
    for (const live of started.splice(0)) await live.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    dirs.clear()
  })
  return async (options = {}) => {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'upscore-live-'))
    dirs.add(dataDir)
    const live = await startLiveService(dataDir, options)
    started.push(live)
    return live
  }
}

async function startLiveService(dataDir: string, options: LiveServiceOptions): Promise<LiveService> {
  const env: Record<string, string> = {
    UPSCORE_PORT: '0',
    UPSCORE_DATA_DIR: dataDir,
    UPSCORE_WRITE_KEYS: writeKey,
    UPSCORE_ADMIN_TOKEN: adminToken,
    ...(options.modelPath === undefined ? {} : { UPSCORE_MODEL: options.modelPath }),
    ...options.env,
  }
  const lines: string[] = []
  const service = await startService(loadConfig(env), (line) => lines.push(line))
  let closed = false
  const api = async (method: string, path: string, body?: string | object): Promise<ApiAnswer> => {
    const headers: Record<string, string> = { authorization: `Bearer ${adminToken}` }
    if (typeof body === 'object') headers['content-type'] = 'application/json'
    if (typeof body === 'string') headers['content-type'] = 'application/yaml'
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
    return { status: response.status, body: await response.json() }
  }
  return {
    service,
    dataDir,
    lines,
    api,
    async send(messages) {
      const response = await fetch(`${service.url}/v1/batch`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
        },
        body: JSON.stringify({ batch: messages }),
      })
      const answer = (await response.json()) as { accepted: number }
      return answer.accepted
    },
    async settled() {
      for (;;) {
        const model = await api('GET', '/api/model')
        if (model.body.publishing === null) break
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      await service.processor.idle()
    },
    async close() {
      if (closed) return
      closed = true
      await service.close()
    },
  }
}

/** A `track` message of user `userId`, now. */
export const track = (userId: string, event: string, n: number): object => ({
  type: 'track',
  userId,
  event,
  messageId: `${userId}-${event}-${n}`,
})

export const identify = (userId: string, email: string): object => ({
  type: 'identify',
  userId,
  traits: { email },
  messageId: `${userId}-identify`,
})
