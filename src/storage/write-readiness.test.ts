import { describe, expect, it } from 'vitest'
import { UpscoreError } from '../errors.ts'
import type { AppendOutcome, NewEvent } from './records.ts'
import { createWriteReadiness } from './write-readiness.ts'

const diskFull = () => new UpscoreError('storage_failure', 'the disk is full: the store cannot write (SQLITE_FULL)')
const oneEvent = [{ source: 's' } as NewEvent]

/** A store whose writes fail while `failing` is set, a data folder with `free` bytes, and a clock set by hand. */
function rig(options: { probeIntervalMs?: number } = {}) {
  const world = { failing: false, free: 10_000_000, nowMs: 0, probes: 0 }
  const store = {
    async probeWrite() {
      world.probes++
      if (world.failing) throw diskFull()
    },
    async appendEvents(events: readonly NewEvent[]): Promise<AppendOutcome[]> {
      if (world.failing) throw diskFull()
      return events.map(() => 'stored')
    },
  }
  const readiness = createWriteReadiness({
    store,
    dataDir: '/data',
    now: () => world.nowMs,
    freeBytes: async () => world.free,
    ...options,
  })
  return { world, readiness, appends: readiness.watch(store) }
}

describe('write readiness', () => {
  it('is ready when a probe write succeeds', async () => {
    const { readiness } = rig()
    expect(await readiness.check()).toEqual({ ok: true })
  })

  it('is not ready, with the store’s reason and the free space, when a probe write fails', async () => {
    const { world, readiness } = rig()
    world.failing = true
    world.free = 0
    expect(await readiness.check()).toEqual({
      ok: false,
      message: 'the disk is full: the store cannot write (SQLITE_FULL); 0 bytes free in the data folder',
    })
  })

  it('probes at most once per interval', async () => {
    const { world, readiness } = rig({ probeIntervalMs: 1000 })
    await Promise.all([readiness.check(), readiness.check()])
    world.nowMs = 999
    await readiness.check()
    expect(world.probes).toBe(1)
    world.nowMs = 1000
    await readiness.check()
    expect(world.probes).toBe(2)
  })

  it('is not ready after a failed append, until a write succeeds', async () => {
    const { world, readiness, appends } = rig()
    await readiness.check()
    world.failing = true
    await expect(appends.appendEvents(oneEvent)).rejects.toThrow('the disk is full')
    expect(await readiness.check()).toMatchObject({ ok: false })
    world.failing = false
    await appends.appendEvents(oneEvent)
    expect(await readiness.check()).toEqual({ ok: true })
  })

  it('recovers by itself once a probe succeeds, with no append', async () => {
    const { world, readiness, appends } = rig()
    world.failing = true
    await expect(appends.appendEvents(oneEvent)).rejects.toThrow()
    world.failing = false
    world.nowMs = 1000
    expect(await readiness.check()).toEqual({ ok: true })
  })

  it('keeps a failure while the data folder has less free space than the reserve, though a probe succeeds', async () => {
    const { world, readiness, appends } = rig()
    world.failing = true
    world.free = 4096
    await expect(appends.appendEvents(oneEvent)).rejects.toThrow()
    world.failing = false
    world.nowMs = 1000
    expect(await readiness.check()).toEqual({
      ok: false,
      message: 'the disk is full: the store cannot write (SQLITE_FULL); 4 KB free in the data folder',
    })
    world.free = 5_000_000
    world.nowMs = 2000
    expect(await readiness.check()).toEqual({ ok: true })
  })
})
