import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runCli } from '../src/cli.ts'
import { loadConfig } from '../src/config.ts'
import { replayCommand } from '../src/crm/replay-command.ts'
import type { ContactRecord } from '../src/storage/records.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import type { Store } from '../src/storage/store.ts'
import {
  companyChange,
  contactChange,
  contactsByEmail,
  seedDeadLetters,
  startRigPerTest,
  waitUntil,
} from './hubspot-sync-harness.ts'

const refusedAtMs = Date.parse('2026-11-26T15:00:00.000Z')

const contact = (n: number): ContactRecord => ({
  id: `u-${n}`,
  userId: `u-${n}`,
  email: `c${n}@sync.test`,
  companyId: undefined,
  state: {},
  values: {},
  // The current score differs from the refused one: a replay sends the current one.
  scores: { lead_score_product_usage: { value: n * 10 + 5, label: 'cold', reasons: [] } },
  nextChangeAtMs: null,
  updatedAtMs: refusedAtMs,
})

/** Contacts u-1…u-3 (c1…c3@sync.test) and a dead letter for each, and one for company acme. */
async function seed(store: Store): Promise<void> {
  await store.commit({
    contacts: [1, 2, 3].map(contact),
    companies: [],
    deletedContactIds: [],
    identities: [],
    history: [],
    outbox: [],
  })
  await seedDeadLetters(
    store,
    [
      contactChange(1, { lead_score_product_usage: '10' }),
      contactChange(2, { lead_score_product_usage: '20' }),
      contactChange(3, { lead_score_product_usage: '30' }),
      companyChange('acme', { plan_type: 'gold' }),
    ],
    'VALIDATION_ERROR',
    refusedAtMs,
  )
}

describe('upscore crm replay', () => {
  let dir: string
  let lines: string[]
  const config = () => loadConfig({ UPSCORE_DATA_DIR: dir })
  const print = (line: string) => lines.push(line)
  /** What the store holds after the command: dead letters left and outbox entries, by entity. */
  const afterwards = async () => {
    const store = openSqliteStore({ path: join(dir, 'upscore.db'), durableFsync: false })
    try {
      const letters = (await store.deadLetters(100)).map((letter) => letter.entityId).sort()
      const outbox = [...(await store.readOutbox('contacts', 100)), ...(await store.readOutbox('companies', 100))]
      return { letters, outbox: outbox.map((entry) => entry.entityId).sort() }
    } finally {
      await store.close()
    }
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upscore-crm-replay-'))
    lines = []
    const store = openSqliteStore({ path: join(dir, 'upscore.db'), durableFsync: false })
    await seed(store)
    await store.close()
  })
  afterEach(() => {
    vi.restoreAllMocks()
    rmSync(dir, { recursive: true, force: true })
  })

  it('puts every dead letter back in the outbox and says how many', async () => {
    expect(await replayCommand(config(), [], print)).toBe(0)
    expect(lines).toEqual(['4 dead letters back in the outbox: upscore serve sends them on its next poll'])
    expect(await afterwards()).toEqual({ letters: [], outbox: ['acme', 'u-1', 'u-2', 'u-3'] })
  })

  it('puts back only the dead letters of the contacts given by email or userId', async () => {
    expect(await replayCommand(config(), ['C1@Sync.test', 'u-3'], print)).toBe(0)
    expect(lines).toEqual([
      '2 dead letters of "C1@Sync.test", "u-3" back in the outbox: upscore serve sends them on its next poll (2 dead letters left)',
    ])
    expect(await afterwards()).toEqual({ letters: ['acme', 'u-2'], outbox: ['u-1', 'u-3'] })
  })

  it('says so when there is nothing to replay', async () => {
    await replayCommand(config(), [], print)
    expect(await replayCommand(config(), [], print)).toBe(0)
    expect(lines[1]).toBe('no dead letters to replay')
  })

  it('says so when a contact has no dead letter', async () => {
    await replayCommand(config(), ['u-1'], print)
    lines = []
    expect(await replayCommand(config(), ['u-1'], print)).toBe(0)
    expect(lines).toEqual(['no dead letters of "u-1" to replay (3 dead letters in all)'])
  })

  it('refuses an unknown contact and replays nothing', async () => {
    await expect(replayCommand(config(), ['u-1', 'nobody@sync.test'], print)).rejects.toThrow(
      /no contact has the email or userId "nobody@sync.test"/,
    )
    expect((await afterwards()).letters).toHaveLength(4)
  })

  it('refuses a data folder without upscore data, and creates nothing there', async () => {
    const empty = join(dir, 'elsewhere')
    const config = loadConfig({}, { dataDir: empty })
    await expect(replayCommand(config, [], print)).rejects.toThrow(/no upscore data in .*elsewhere/)
    expect(existsSync(empty)).toBe(false)
  })

  it('takes --contact more than once and --data-dir on the command line', async () => {
    const out: string[] = []
    const argv = ['crm', 'replay', '--contact', 'u-1', '--contact', 'c2@sync.test', '--data-dir', dir]
    const code = await runCli(argv, {}, { stdout: { isTTY: false, write: (t) => out.push(t) }, stderr: { write() {} } })
    expect(code).toBe(0)
    expect(out).toEqual([
      '2 dead letters of "u-1", "c2@sync.test" back in the outbox: upscore serve sends them on its next poll (2 dead letters left)\n',
    ])
    expect((await afterwards()).outbox).toEqual(['u-1', 'u-2'])
  })

  it('exits with 1 for an unknown contact', async () => {
    const err: string[] = []
    const argv = ['crm', 'replay', '--contact', 'nobody', '--data-dir', dir]
    const output = { stdout: { isTTY: false, write() {} }, stderr: { write: (t: string) => err.push(t) } }
    expect(await runCli(argv, {}, output)).toBe(1)
    expect(err[0]).toMatch(/^upscore: no contact/)
  })
})

describe('upscore crm replay beside a running sync', () => {
  const startRig = startRigPerTest()

  it('leaves the replayed dead letters to the sync, which sends them on its next poll', async () => {
    const current = await startRig({ tuning: { pollIntervalMs: 100 } })
    await seed(current.store)
    const config = loadConfig({}, { dataDir: current.dataDir })
    expect(await replayCommand(config, ['c2@sync.test'], () => undefined)).toBe(0)
    await waitUntil(async () => (await contactsByEmail(current)).has('c2@sync.test'), 'the replayed contact is synced')
    // The contact's current score, not the refused 20.
    expect((await contactsByEmail(current)).get('c2@sync.test')?.lead_score_product_usage).toBe('25')
    expect(await current.store.deadLetterCount()).toBe(3)
  })
})
