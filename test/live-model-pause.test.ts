import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLiveModel, type LiveModel } from '../src/live-model.ts'
import { checkModelText } from '../src/load-model.ts'
import { createModelVersions } from '../src/model-admin/model-versions.ts'
import { createProcessor } from '../src/pipeline/processor.ts'
import type { CompiledModel } from '../src/scoring/compiled-model.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import { LOG_START, type Store } from '../src/storage/store.ts'
import { appendTestEvents } from './append-test-events.ts'
import { defaultText, withLoginsTotal } from './live-service-harness.ts'

const compiled = (text: string): CompiledModel => {
  const checked = checkModelText(text, 'test')
  if (!checked.ok) throw new Error('invalid model')
  return checked.model
}
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('pausing the live model (whilePaused)', () => {
  let dir: string
  let store: Store
  let live: LiveModel
  const nowMs = Date.parse('2026-11-26T12:00:00Z')

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upscore-pause-'))
    store = openSqliteStore({ path: join(dir, 'db'), durableFsync: false })
    live = createLiveModel({
      store,
      versions: createModelVersions(store),
      model: compiled(defaultText),
      text: defaultText,
      sync: undefined,
      newProcessor: (model) => createProcessor({ store, model, now: () => nowMs }),
      now: () => nowMs,
      print: () => undefined,
    })
    await live.start()
  })
  afterEach(async () => {
    await live.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('processes nothing while the work runs, and what arrived meanwhile once it resumes', async () => {
    await live.whilePaused(async () => {
      await appendTestEvents(store, nowMs, [{ userId: 'u1', event: 'Signed In' }])
      live.processor.wake()
      await delay(200)
      expect(await store.readCursor()).toBe(LOG_START)
    })
    await live.processor.idle()
    expect(await store.readCursor()).not.toBe(LOG_START)
    expect((await store.findContact('u1'))?.values.logins_last_7_days).toBe(1)
  })

  it('runs one pause at a time', async () => {
    const running: string[] = []
    const overlaps: string[] = []
    const pause = (name: string) =>
      live.whilePaused(async () => {
        if (running.length > 0) overlaps.push(name)
        running.push(name)
        await delay(50)
        running.pop()
      })
    await Promise.all([pause('a'), pause('b'), pause('c')])
    expect(overlaps).toEqual([])
  })

  it('refuses a publish during a pause, and a pause during a publish', async () => {
    await live.whilePaused(async () => {
      await expect(live.publish(compiled(withLoginsTotal), withLoginsTotal, 'api')).rejects.toMatchObject({
        code: 'conflict',
      })
    })
    expect(await live.publish(compiled(withLoginsTotal), withLoginsTotal, 'api')).toMatchObject({ state: 'started' })
    await expect(live.whilePaused(async () => 'ran')).rejects.toMatchObject({ code: 'conflict' })
    await live.processor.idle()
    expect(await live.whilePaused(async (model) => model.version)).toBe(compiled(withLoginsTotal).version)
  })
})
