import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Event } from '../src/events/event.ts'
import { checkModelText } from '../src/load-model.ts'
import { applyModelChange } from '../src/pipeline/apply-model.ts'
import { createProcessor, type Processor } from '../src/pipeline/processor.ts'
import { readStoredCutoffs, withStoredCutoffs } from '../src/pipeline/stored-cutoffs.ts'
import type { CompiledModel } from '../src/scoring/compiled-model.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import type { Store } from '../src/storage/store.ts'
import { appendTestEvents } from './append-test-events.ts'

const MINUTE = 60_000

/** MadKudu's older LTB segments over a score that is the sum of `Boost` events' `points`. */
const modelText = (per = 1) => `properties:
  contact:
    boosts: { type: sum, event: Boost, field: points }
scores:
  ltb:
    subject: contact
    rules:
      boosts: { points: ${per}, per: 1, of: boosts }
    percentile_labels: { very_high: 1, high: 10, medium: 30, low: null }
`
const compile = (text: string): CompiledModel => {
  const checked = checkModelText(text, 'model.yaml')
  if (!checked.ok) throw new Error(checked.problems.map((p) => p.message).join('\n'))
  return checked.model
}

describe('percentile labels in the processor', () => {
  let dir: string
  let store: Store
  let processor: Processor
  let nowMs: number
  const model = compile(modelText())

  const send = async (...events: Partial<Event>[]) => {
    await appendTestEvents(store, nowMs, events)
    await processor.idle()
  }
  const boost = (n: number, points: number): Partial<Event> => ({
    userId: `u${n}`,
    event: 'Boost',
    properties: { points },
  })
  const label = async (n: number) => (await store.findContact(`u${n}`))?.scores.ltb?.label
  const labels = async (from: number, to: number) =>
    Promise.all(Array.from({ length: to - from + 1 }, (_, i) => label(from + i)))
  /** Advances the clock to the next calibration and lets the processor run it. */
  const recalibrate = async () => {
    nowMs += 10 * MINUTE
    await processor.idle()
  }
  /** History rows of every contact, with cause `time`, at the current instant. */
  const relabelledNow = async () => {
    const moved: number[] = []
    for (let n = 1; n <= 100; n++) {
      const rows = await store.history('contact', `u${n}`)
      if (rows.some((row) => row.cause === 'time' && row.atMs === nowMs)) moved.push(n)
    }
    return moved
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upscore-percentile-'))
    store = openSqliteStore({ path: join(dir, 'db'), durableFsync: false })
    nowMs = Date.parse('2026-11-26T12:00:00Z')
    processor = createProcessor({ store, model, now: () => nowMs })
    await processor.start()
    // 100 contacts scored 1 … 100.
    await send(
      ...Array.from(
        { length: 100 },
        (_, i): Partial<Event> => ({
          type: 'identify',
          userId: `u${i + 1}`,
          traits: { email: `u${i + 1}@x.test` },
        }),
      ),
      ...Array.from({ length: 100 }, (_, i) => boost(i + 1, i + 1)),
    )
  })
  afterEach(async () => {
    await processor.stop()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('labels everyone the rest until the first calibration has ranked them', async () => {
    expect(new Set(await labels(1, 100))).toEqual(new Set(['low']))
    expect((await readStoredCutoffs(store))?.scores.ltb).toEqual({ subjects: 0, cutoffs: {} })
  })

  it('gives the top 1 %, 10 % and 30 % their labels once ranked, with a history row and a CRM change each', async () => {
    const confirmed = await store.readOutbox('contacts', 200)
    await store.confirmOutbox(confirmed)
    await recalibrate()
    expect(await label(100)).toBe('very_high')
    expect(new Set(await labels(91, 99))).toEqual(new Set(['high']))
    expect(new Set(await labels(71, 90))).toEqual(new Set(['medium']))
    expect(new Set(await labels(1, 70))).toEqual(new Set(['low']))
    expect((await readStoredCutoffs(store))?.scores.ltb).toEqual({
      subjects: 100,
      cutoffs: { very_high: 100, high: 91, medium: 71 },
    })
    // Only the 30 whose label changed were re-scored.
    expect(await relabelledNow()).toEqual(Array.from({ length: 30 }, (_, i) => 71 + i))
    expect((await store.history('contact', 'u95')).map((h) => [h.from, h.to, h.label, h.cause])).toEqual([
      [null, 95, 'low', 'event'],
      [95, 95, 'high', 'time'],
    ])
    expect((await store.findContact('u50'))?.updatedAtMs).toBe(nowMs - 10 * MINUTE)
    const outbox = await store.readOutbox('contacts', 200)
    expect(outbox).toHaveLength(30)
    expect(outbox.find((entry) => entry.idValue === 'u95@x.test')?.properties).toEqual({ ltb_label: 'high' })
  })

  it('labels a score by the cut-offs in force at once, and moves labels when the cut-offs move', async () => {
    await recalibrate()
    // u1 … u5 jump to 201 … 205: above the very-high cut-off (100), so very high at once.
    await send(...[1, 2, 3, 4, 5].map((n) => boost(n, 200)))
    expect(await labels(1, 5)).toEqual(Array(5).fill('very_high'))
    await recalibrate()
    // From the highest: 205 … 201, 100, 99, 98, 97, 96 (rank 10), … 76 (rank 30).
    expect((await readStoredCutoffs(store))?.scores.ltb?.cutoffs).toEqual({ very_high: 205, high: 96, medium: 76 })
    expect(await labels(1, 5)).toEqual(['high', 'high', 'high', 'high', 'very_high'])
    expect(await label(100)).toBe('high')
    expect(new Set(await labels(91, 95))).toEqual(new Set(['medium']))
    expect(new Set(await labels(71, 75))).toEqual(new Set(['low']))
    expect(await relabelledNow()).toEqual([1, 2, 3, 4, 71, 72, 73, 74, 75, 91, 92, 93, 94, 95, 100])
    expect((await store.history('contact', 'u93')).map((h) => [h.label, h.cause])).toEqual([
      ['low', 'event'],
      ['high', 'time'],
      ['medium', 'time'],
    ])
  })

  it('does nothing between calibrations, and nothing when no cut-off moved', async () => {
    await recalibrate()
    nowMs += 5 * MINUTE
    await processor.idle()
    expect((await readStoredCutoffs(store))?.atMs).toBe(nowMs - 5 * MINUTE)
    await recalibrate()
    expect(await relabelledNow()).toEqual([])
    expect((await readStoredCutoffs(store))?.atMs).toBe(nowMs)
  })

  it('starts again from the stored cut-offs after a restart', async () => {
    await recalibrate()
    await processor.stop()
    processor = createProcessor({ store, model, now: () => nowMs })
    await processor.start()
    await send({ type: 'identify', userId: 'u101', traits: { email: 'u101@x.test' } }, boost(101, 95))
    expect(await label(101)).toBe('high')
  })

  it('re-labels with cause "model" after a model change, from the new scores', async () => {
    await recalibrate()
    await processor.stop()
    // Points double: every value doubles, so ranks (and labels) stay; the cut-offs double.
    const doubled = compile(modelText(2))
    await applyModelChange(
      store,
      await withStoredCutoffs(store, doubled),
      () => nowMs,
      () => {},
    )
    // Re-scored with the old cut-offs (u50: 100 ≥ 100), then ranked again at start.
    expect(await label(50)).toBe('very_high')
    processor = createProcessor({ store, model: doubled, now: () => nowMs })
    await processor.start()
    await processor.idle()
    expect(await label(50)).toBe('low')
    expect(await label(100)).toBe('very_high')
    expect((await readStoredCutoffs(store))?.scores.ltb?.cutoffs).toEqual({ very_high: 200, high: 182, medium: 142 })
    expect((await store.history('contact', 'u50')).map((h) => [h.to, h.label, h.cause])).toEqual([
      [50, 'low', 'event'],
      [100, 'very_high', 'model'],
      [100, 'low', 'model'],
    ])
  })
})
