import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from '@hubspot/api-client'
import { afterEach } from 'vitest'
import type { HubspotConfig } from '../src/config.ts'
import type { FetchLike } from '../src/crm/hubspot/fetch-like.ts'
import { createHubspotSync, type HubspotSync, type SyncTuning } from '../src/crm/hubspot/hubspot-sync.ts'
import { loadModel } from '../src/load-model.ts'
import type { CompiledModel } from '../src/scoring/compiled-model.ts'
import { createHubspotSimulator, type HubspotSimulator } from '../src/sim/hubspot/hubspot-simulator.ts'
import type { HubspotSimulatorOptions } from '../src/sim/hubspot/simulator-options.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import type { OutboxChange, Store } from '../src/storage/store.ts'
import type { VirtualClock } from './hubspot-sync-virtual-clock.ts'

/** The real simulator on a free port, the real SQLite store in a temp dir, and the sync between them. */
export interface SyncRig {
  url: string
  /** The data folder of the store (`upscore.db` in it), for commands that open it themselves. */
  dataDir: string
  store: Store
  model: CompiledModel
  sync: HubspotSync
  logs: string[]
  /** Puts changes into the outbox as the processor does, and wakes the sync. */
  change(changes: readonly OutboxChange[]): Promise<void>
  faults(update: Record<string, number>): Promise<void>
  stats(): Promise<{ calls: number; byStatus: Record<string, number>; upsertCalls: number; upsertRecords: number }>
  /** Every record the simulator holds, by id. */
  objects(type: 'contacts' | 'companies'): Promise<{ id: string; properties: Record<string, string> }[]>
  simPost(path: string, body: unknown): Promise<unknown>
  close(): Promise<void>
}

export interface RigOptions {
  sim?: HubspotSimulatorOptions
  hubspot?: Partial<HubspotConfig>
  tuning?: Partial<SyncTuning>
  /** Start the sync right away. Default true. */
  start?: boolean
  /** A virtual clock for the simulator and the sync (and the rig's own calls); default the real one. */
  clock?: VirtualClock
  /** Wraps the `fetch` the sync calls HubSpot with (to watch its calls). */
  wrapFetch?: (fetch: FetchLike) => FetchLike
  /** Wraps the store as the sync sees it (to make its reads slower, say). */
  wrapStore?: (store: Store) => Store
}

export async function startRig(options: RigOptions = {}): Promise<SyncRig> {
  const dir = mkdtempSync(join(tmpdir(), 'upscore-hubspot-sync-'))
  const store = openSqliteStore({ path: join(dir, 'upscore.db'), durableFsync: false })
  const { clock } = options
  const simulator: HubspotSimulator = createHubspotSimulator({
    ...options.sim,
    ...(clock === undefined ? {} : { now: clock.now }),
  })
  const plainFetch: FetchLike = (address, init) => globalThis.fetch(address, init)
  const fetchLike = clock === undefined ? plainFetch : clock.track(plainFetch)
  const url = await simulator.listen({ port: 0, host: '127.0.0.1' })
  const model = loadModel(undefined)
  const logs: string[] = []
  const sync = createHubspotSync({
    store: options.wrapStore?.(store) ?? store,
    model,
    hubspot: {
      accessToken: 'pat-test',
      baseUrl: url,
      callsPer10Seconds: 190,
      callsPerDay: 1_000_000,
      budgetShare: 0.9,
      ...options.hubspot,
    },
    fetch: options.wrapFetch?.(fetchLike) ?? fetchLike,
    now: clock?.now ?? Date.now,
    ...(clock === undefined ? {} : { sleep: clock.sleep }),
    log: (line) => logs.push(line),
    tuning: { pollIntervalMs: 100, ...options.tuning },
  })
  if (options.start !== false) await sync.start()
  const json = async (path: string, body?: unknown): Promise<unknown> => {
    const response = await fetchLike(`${url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: new AbortController().signal,
    })
    return JSON.parse(await response.text())
  }
  const simPost = (path: string, body: unknown) => json(path, body)
  return {
    url,
    dataDir: dir,
    store,
    model,
    sync,
    logs,
    async change(changes) {
      await commitOutbox(store, changes)
      sync.wake()
    },
    async faults(update) {
      await simPost('/_sim/faults', update)
    },
    stats: () => json('/_sim/stats') as ReturnType<SyncRig['stats']>,
    objects: async (type) =>
      ((await json(`/_sim/objects/${type}`)) as { results: Awaited<ReturnType<SyncRig['objects']>> }).results,
    simPost,
    async close() {
      await sync.stop()
      await simulator.close()
      clock?.stop()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Gives a `startRig` for the tests of a file, and registers an `afterEach` (where it is called) that closes the rigs
 * each test started.
 */
export function startRigPerTest(): (options?: RigOptions) => Promise<SyncRig> {
  const started: SyncRig[] = []
  afterEach(async () => {
    for (const rig of started.splice(0)) await rig.close()
  })
  return async (options) => {
    const rig = await startRig(options)
    started.push(rig)
    return rig
  }
}

/** Puts changes into the outbox as the processor does (without waking any sync). */
export async function commitOutbox(store: Store, changes: readonly OutboxChange[]): Promise<void> {
  await store.commit({
    contacts: [],
    companies: [],
    deletedContactIds: [],
    identities: [],
    history: [],
    outbox: [...changes],
  })
}

/** The official client pointed at a rig's simulator. */
export function hubspotOf(rig: SyncRig): Client {
  return new Client({ accessToken: 'pat-test', basePath: rig.url })
}

/** A contact change as the processor writes it. */
export function contactChange(
  n: number,
  properties: Record<string, string>,
  extra: Partial<OutboxChange> = {},
): OutboxChange {
  return {
    objectType: 'contacts',
    entityId: `u-${n}`,
    idValue: `c${n}@sync.test`,
    properties,
    changedAtMs: Date.now(),
    ...extra,
  }
}

export function companyChange(groupId: string, properties: Record<string, string>): OutboxChange {
  return { objectType: 'companies', entityId: groupId, idValue: groupId, properties, changedAtMs: Date.now() }
}

/** Waits until `condition` holds (polling), or fails with `message` after `timeoutMs`. */
export async function waitUntil(condition: () => Promise<boolean>, message: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out: ${message}`)
}

/** The properties of each simulator record by email (lower-case). */
export async function contactsByEmail(rig: SyncRig): Promise<Map<string, Record<string, string>>> {
  const byEmail = new Map<string, Record<string, string>>()
  for (const record of await rig.objects('contacts')) {
    const email = record.properties.email
    if (email !== undefined) byEmail.set(email.toLowerCase(), { ...record.properties, hs_object_id: record.id })
  }
  return byEmail
}

/** Drains the outbox: resolves once it is empty, fails after `timeoutMs`. */
export async function drained(rig: SyncRig, timeoutMs = 20_000): Promise<void> {
  await Promise.race([
    rig.sync.idle(),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`outbox not drained in ${timeoutMs} ms`)), timeoutMs)),
  ])
}

/** Puts changes in the outbox and moves them straight to the dead letters, as if HubSpot had refused them at `atMs`. */
export async function seedDeadLetters(
  store: Store,
  changes: readonly OutboxChange[],
  reason: string,
  atMs: number,
): Promise<void> {
  await commitOutbox(store, changes)
  for (const objectType of ['companies', 'contacts'] as const) {
    for (const entry of await store.readOutbox(objectType, 10_000)) await store.deadLetter(entry, reason, atMs)
  }
}
