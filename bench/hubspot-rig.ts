import { type BenchChild, startChild } from './child-process.ts'
import { benchAuthorization, benchWriteKey, type SegmentJson } from './segment-traffic.ts'

/** What `GET /_sim/stats` answers. */
export interface SimStats {
  calls: number
  byStatus: Record<string, number>
  upsertCalls: number
  upsertRecords: number
}

export interface SimRecord {
  id: string
  properties: Record<string, string>
}

/** The simulator in one child process and, when started, the whole service in another. */
export interface HubspotRig {
  simUrl: string
  service: BenchChild | undefined
  /** Starts `upscore serve` on `dataDir`, with the sync pointed at the simulator unless `sync` is false. */
  startService(dataDir: string, sync: boolean): Promise<BenchChild>
  stopService(): Promise<void>
  simStats(): Promise<SimStats>
  simContacts(): Promise<SimRecord[]>
  /** Sets the simulator's faults (`POST /_sim/faults`), e.g. `{ latencyMs: 200 }`. */
  simFaults(update: Record<string, number>): Promise<void>
  close(): Promise<void>
}

/** The service's environment: everything `loadConfig` needs, the sync on when `simUrl` is given. */
function serviceEnv(dataDir: string, simUrl: string | undefined): Record<string, string> {
  const env: Record<string, string> = {
    UPSCORE_PORT: '0',
    UPSCORE_HOST: '127.0.0.1',
    UPSCORE_DATA_DIR: dataDir,
    UPSCORE_WRITE_KEYS: benchWriteKey,
    UPSCORE_ADMIN_TOKEN: 'bench-admin',
    UPSCORE_DURABLE_FSYNC: '0',
    HUBSPOT_CALLS_PER_10_SECONDS: '190',
    HUBSPOT_BUDGET_SHARE: '0.9',
    // An empty value counts as unset for upscore's configuration.
    HUBSPOT_ACCESS_TOKEN: '',
  }
  if (simUrl !== undefined) {
    env.HUBSPOT_ACCESS_TOKEN = 'pat-bench'
    env.HUBSPOT_BASE_URL = simUrl
  }
  return env
}

export async function startHubspotRig(): Promise<HubspotRig> {
  const simulator = await startChild('hubspot-simulator.ts', { BENCH_SIM_RATE_LIMIT: '190' })
  const json = async <T>(path: string): Promise<T> => (await (await fetch(`${simulator.url}${path}`)).json()) as T
  const rig: HubspotRig = {
    simUrl: simulator.url,
    service: undefined,
    async startService(dataDir, sync) {
      rig.service = await startChild('upscore-service.ts', serviceEnv(dataDir, sync ? simulator.url : undefined))
      return rig.service
    },
    async stopService() {
      await rig.service?.stop()
      rig.service = undefined
    },
    simStats: () => json<SimStats>('/_sim/stats'),
    simContacts: async () => (await json<{ results: SimRecord[] }>('/_sim/objects/contacts')).results,
    async simFaults(update) {
      const response = await fetch(`${simulator.url}/_sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(update),
      })
      if (response.status !== 200) throw new Error(`the simulator refused faults ${JSON.stringify(update)}`)
    },
    async close() {
      await rig.stopService()
      await simulator.stop()
    },
  }
  return rig
}

/** Posts one `/v1/batch` to upscore and checks every message was accepted. */
export async function postBatch(url: string, messages: readonly SegmentJson[], sentAtMs = Date.now()): Promise<void> {
  const response = await fetch(`${url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: benchAuthorization },
    body: JSON.stringify({ batch: messages, sentAt: new Date(sentAtMs).toISOString() }),
  })
  const answer = (await response.json()) as { accepted?: number; rejected?: unknown[] }
  if (response.status !== 200 || (answer.rejected?.length ?? 0) > 0) {
    throw new Error(`upscore refused a bench batch: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`)
  }
}

/** Sends `messages` in batches of `perRequest`, `concurrency` requests at a time. */
export async function sendAll(
  url: string,
  messages: readonly SegmentJson[],
  perRequest: number,
  concurrency = 4,
): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < messages.length) {
      const start = next
      next += perRequest
      await postBatch(url, messages.slice(start, start + perRequest))
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

/** Polls `condition` every `intervalMs` until it holds; throws after `timeoutMs`. */
export async function waitFor(
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs: number,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** HubSpot's ISO time properties (`createdate`, `lastmodifieddate`) as epoch ms; NaN when absent. */
export const timeProperty = (record: SimRecord, name: string): number => Date.parse(record.properties[name] ?? '')
