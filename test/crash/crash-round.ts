import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultModelPath } from '../../src/load-model.ts'
import { createHubspotSimulator } from '../../src/sim/hubspot/hubspot-simulator.ts'
import { createSeededRandom, type Random } from '../../src/sim/product/seeded-random.ts'
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.ts'
import { LOG_START } from '../../src/storage/store.ts'
import { type SpawnedUpscore, spawnUpscore } from '../spawned-upscore.ts'
import { buildCrashTraffic, type CrashTrafficOptions } from './crash-traffic.ts'
import { createResendingClient, type ResendingClient } from './resending-client.ts'
import { checkCounts, checkHubspotEqualsUpscore, type Endpoints } from './settled-state.ts'

/** What a kill is timed to land in. */
export type KillMoment = 'ingest' | 'processing' | 'sync' | 'publish'
export const killMoments: readonly KillMoment[] = ['ingest', 'processing', 'sync', 'publish']

export interface KillRecord {
  moment: KillMoment
  /** The delay drawn before the kill, ms. */
  delayMs: number
  /** Ingest requests without an answer when the kill came. */
  requestsInFlight: number
  /** For `publish`: whether the publish was still under way (not yet live) when the kill came. */
  publishUnderWay?: boolean
  /** For `sync`: the sync's backlog just before the kill. */
  syncBacklog?: number
}

export interface CrashRoundOptions {
  seed: number
  kills: number
  /** The moments the kills are timed to land in, taken in turn (shuffled). Default: all four. */
  moments?: readonly KillMoment[]
  traffic: CrashTrafficOptions
  /** Ingest requests at once. Default 4. */
  concurrency?: number
  /** How long the end state may take to settle after the last restart, ms. Default 60,000. */
  settleTimeoutMs?: number
  log?: (line: string) => void
}

export interface CrashRoundReport {
  seed: number
  kills: KillRecord[]
  messages: number
  requests: number
  /** Batches sent again because they were not acknowledged. */
  resent: number
  /** Batches sent again though they were acknowledged (lost answers): each message must count as a duplicate. */
  repeated: number
  /** Events in the log at the end (each message once). */
  storedEvents: number
  durationMs: number
  /** What did not hold; empty when the round passed. */
  problems: string[]
}

const writeKey = 'wk_crash'
const adminToken = 'admin_crash'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const between = (random: Random, low: number, high: number) => Math.round(low + random() * (high - low))

const defaultText = readFileSync(defaultModelPath, 'utf8')
/** The default model with widgets worth twice as much: publishing it, or the default again, re-scores every contact. */
const doubledWidgets = defaultText.replace(
  '      widgets_created:\n        points: 1\n        per: 1\n        of: widgets_created\n        max: 15',
  '      widgets_created:\n        points: 2\n        per: 1\n        of: widgets_created\n        max: 30',
)

/** The kill moments of a round: each moment in turn, in a shuffled order, so that a short round covers them all. */
function planKills(count: number, moments: readonly KillMoment[], random: Random): KillMoment[] {
  const plan: KillMoment[] = []
  while (plan.length < count) {
    const cycle = [...moments]
    for (let i = cycle.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[cycle[i], cycle[j]] = [cycle[j] as KillMoment, cycle[i] as KillMoment]
    }
    plan.push(...cycle)
  }
  return plan.slice(0, count)
}

interface Life {
  app: SpawnedUpscore
  client: ResendingClient
  random: Random
  hubspotUrl: string
  totalBatches: number
  /** The model text to publish next. */
  nextModel: () => string
}

async function api(app: SpawnedUpscore, method: string, path: string, body?: string) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/yaml' }),
    },
    ...(body === undefined ? {} : { body }),
  })
  // biome-ignore lint/suspicious/noExplicitAny: the round looks into a few fields only
  return { status: response.status, body: (await response.json()) as any }
}

const setLatency = (hubspotUrl: string, latencyMs: number) =>
  fetch(`${hubspotUrl}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ latencyMs }),
  })

/** Does what the moment needs, kills the process with SIGKILL at a random time within it, and says what it hit. */
async function killDuring(moment: KillMoment, life: Life): Promise<KillRecord> {
  const { app, client, random } = life
  const share = (low: number, high: number) => Math.ceil(life.totalBatches * (low + random() * (high - low)))
  let sending: Promise<void> = Promise.resolve()
  let delayMs: number
  const record: Partial<KillRecord> = {}
  if (moment === 'ingest') {
    delayMs = between(random, 20, 800)
    sending = client.send(app.url)
    await sleep(delayMs)
  } else if (moment === 'processing') {
    delayMs = between(random, 0, 300)
    await client.send(app.url, { limit: share(0.15, 0.4) })
    await sleep(delayMs)
  } else if (moment === 'sync') {
    delayMs = between(random, 100, 1500)
    await setLatency(life.hubspotUrl, between(random, 150, 600))
    await client.send(app.url, { limit: share(0.1, 0.3) })
    await sleep(delayMs)
    const sync = await api(app, 'GET', '/api/sync')
    record.syncBacklog = sync.body.backlog.contacts + sync.body.backlog.companies
  } else {
    delayMs = between(random, 0, 250)
    const draft = await api(app, 'PUT', '/api/model/draft', life.nextModel())
    if (draft.status !== 200) throw new Error(`PUT /api/model/draft answered ${draft.status}`)
    const publish = await api(app, 'POST', '/api/model/draft/publish')
    if (publish.status !== 202) throw new Error(`publish answered ${publish.status}: ${JSON.stringify(publish.body)}`)
    sending = client.send(app.url, { limit: share(0.05, 0.15) })
    await sleep(delayMs)
    record.publishUnderWay = !app.output().includes(`${publish.body.version} is live`)
  }
  record.requestsInFlight = client.inFlight()
  app.child.kill('SIGKILL')
  await app.exited
  await sending
  return { moment, delayMs, requestsInFlight: record.requestsInFlight, ...record }
}

/**
 * One round of the crash-safety property: N unique events sent over HTTP to the real `upscore serve` (a process of
 * its own, from the sources) by a client that sends again whatever was not acknowledged; SIGKILLs timed to land
 * during ingest, processing, a busy HubSpot sync and a model publish, each followed by a restart on the same data;
 * then, once processing and the sync have settled: every event counted exactly once, each message stored once,
 * and every HubSpot record equal to the read API's final values. The HubSpot simulator runs in this process, so it
 * outlives upscore's restarts. The seed replays the plan (traffic, kill moments, delays), not the exact timing.
 */
export async function runCrashRound(options: CrashRoundOptions): Promise<CrashRoundReport> {
  const startedAtMs = Date.now()
  const log = options.log ?? (() => undefined)
  const random = createSeededRandom(options.seed)
  const traffic = buildCrashTraffic(options.traffic, random)
  const client = createResendingClient({ batches: traffic.batches, writeKey, concurrency: options.concurrency ?? 4 })
  const simulator = createHubspotSimulator({})
  const hubspotUrl = await simulator.listen({ port: 0 })
  const dataDir = mkdtempSync(join(tmpdir(), 'upscore-crash-'))
  const env = {
    UPSCORE_PORT: '0',
    UPSCORE_DATA_DIR: dataDir,
    UPSCORE_WRITE_KEYS: writeKey,
    UPSCORE_ADMIN_TOKEN: adminToken,
    HUBSPOT_ACCESS_TOKEN: 'pat-crash',
    HUBSPOT_BASE_URL: hubspotUrl,
  }
  let published = 0
  const nextModel = () => (published++ % 2 === 0 ? doubledWidgets : defaultText)
  const kills: KillRecord[] = []
  const problems: string[] = []
  let app: SpawnedUpscore | undefined
  try {
    for (const moment of planKills(options.kills, options.moments ?? killMoments, random)) {
      app = await spawnUpscore(['serve'], env)
      await setLatency(hubspotUrl, 0)
      client.repeatAcknowledged(between(random, 1, 3), random)
      const life: Life = { app, client, random, hubspotUrl, totalBatches: traffic.batches.length, nextModel }
      const kill = await killDuring(moment, life)
      kills.push(kill)
      log(
        `  kill ${kills.length}/${options.kills} during ${moment} after ${kill.delayMs} ms: ${kill.requestsInFlight} requests in flight` +
          (kill.publishUnderWay === undefined
            ? ''
            : `, publish ${kill.publishUnderWay ? 'under way' : 'already live'}`) +
          (kill.syncBacklog === undefined ? '' : `, sync backlog ${kill.syncBacklog}`),
      )
    }
    app = await spawnUpscore(['serve'], env)
    await setLatency(hubspotUrl, 0)
    client.repeatAcknowledged(between(random, 1, 3), random)
    for (let attempt = 0; client.pending() > 0 && attempt < 100; attempt++) await client.send(app.url)
    const endpoints: Endpoints = { url: app.url, adminToken, hubspotUrl }
    const settleMs = options.settleTimeoutMs ?? 60_000
    problems.push(...client.stats().unexpected.map((answer) => `an ingest request was answered ${answer}`))
    if (client.pending() > 0) problems.push(`${client.pending()} batches were never acknowledged`)
    problems.push(...(await checkCounts(endpoints, traffic.widgetsByEmail, settleMs)))
    problems.push(
      ...(await checkHubspotEqualsUpscore(endpoints, traffic.widgetsByEmail.size, traffic.groupIds, settleMs)),
    )
    app.child.kill('SIGTERM')
    const exit = await Promise.race([app.exited, sleep(15_000).then(() => undefined)])
    if (exit?.code !== 0) problems.push(`serve did not stop with 0 within 15 s of SIGTERM: ${JSON.stringify(exit)}`)
    app = undefined
    const store = openSqliteStore({ path: join(dataDir, 'upscore.db'), durableFsync: false })
    const storedEvents = (await store.readEvents(LOG_START, 10_000_000)).length
    await store.close()
    if (storedEvents !== traffic.messages) {
      problems.push(`the log holds ${storedEvents} events for ${traffic.messages} unique messages`)
    }
    const stats = client.stats()
    return {
      seed: options.seed,
      kills,
      messages: traffic.messages,
      requests: stats.requests,
      resent: stats.resent,
      repeated: stats.repeated,
      storedEvents,
      durationMs: Date.now() - startedAtMs,
      problems,
    }
  } finally {
    app?.child.kill('SIGKILL')
    await app?.exited
    await simulator.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
