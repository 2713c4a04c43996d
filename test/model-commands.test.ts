import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import type { Event } from '../src/events/event.ts'
import { defaultModelPath, loadModel } from '../src/load-model.ts'
import { diffCommand, explainCommand } from '../src/model-commands.ts'
import { applyModelChange } from '../src/pipeline/apply-model.ts'
import { createProcessor } from '../src/pipeline/processor.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import { appendTestEvents } from './append-test-events.ts'

const NOW = Date.parse('2026-11-26T12:00:00Z')
const HOUR = 3_600_000

describe('model explain and model diff', () => {
  let dir: string
  let candidate: string
  const config = () => loadConfig({ UPSCORE_DATA_DIR: dir })

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upscore-model-commands-'))
    const store = openSqliteStore({ path: join(dir, 'upscore.db'), durableFsync: false })
    const model = loadModel(undefined)
    await applyModelChange(
      store,
      model,
      () => NOW,
      () => {},
    )
    const events: Partial<Event>[] = [
      { type: 'identify', userId: 'u1', traits: { email: 'one@x.test' } },
      { type: 'group', userId: 'u1', groupId: 'acme', traits: { plan: 'trial' } },
      { userId: 'u1', event: 'Signed In' },
      { userId: 'u1', event: 'Signed In', timestampMs: NOW - 20 * 24 * HOUR },
      { type: 'identify', userId: 'u2', traits: { email: 'two@x.test' } },
    ]
    await appendTestEvents(store, NOW - HOUR, events)
    const processor = createProcessor({ store, model, now: () => NOW })
    await processor.start()
    await processor.idle()
    await processor.stop()
    await store.close()
    candidate = join(dir, 'candidate.yaml')
    const text = readFileSync(defaultModelPath, 'utf8')
      .replace(
        '    days_since_last_login:',
        '    logins_total:\n      type: count\n      event: Signed In\n    days_since_last_login:',
      )
      .replace(
        '      plan_paying:',
        '      returning:\n        when: logins_total >= 2\n        points: 30\n      plan_paying:',
      )
    writeFileSync(candidate, text)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('explains a contact rule by rule under a candidate model, rebuilding its new property from the log', async () => {
    const lines: string[] = []
    expect(await explainCommand(config(), candidate, 'one@x.test', (l) => lines.push(l), NOW)).toBe(0)
    const text = lines.join('\n')
    // 5 (one login in 7 days) + 5 (one active user) + 10 (trial) + 30 (returning)
    expect(text).toContain('lead_score_product_usage = 50 (warm)')
    expect(text).toMatch(/\+30 +returning +logins_total=2/)
    expect(text).toMatch(/ 0 +inactive_more_than_7_days/)
  })

  it('counts the contacts whose score and label would change', async () => {
    const lines: string[] = []
    expect(await diffCommand(config(), defaultModelPath, candidate, (l) => lines.push(l), NOW)).toBe(0)
    const text = lines.join('\n')
    expect(text).toContain('lead_score_product_usage: 1 of 2 contacts change (1 up, 0 down, mean change +30)')
    expect(text).toContain('cold → warm: 1')
  })

  it('fails with not_found for an unknown contact', async () => {
    await expect(explainCommand(config(), candidate, 'nobody@x.test', () => {}, NOW)).rejects.toMatchObject({
      code: 'not_found',
    })
  })
})
