import { statfs } from 'node:fs/promises'
import type { Store } from './store.ts'

/** Whether an append would succeed now; when not, why (the message `/healthz` shows). */
export type Readiness = { ok: true } | { ok: false; message: string }

export interface WriteReadinessOptions {
  store: Pick<Store, 'probeWrite'>
  /** The folder the store writes to, whose free space is looked at; undefined: not looked at. */
  dataDir: string | undefined
  /** The clock, epoch ms. */
  now: () => number
  /** The shortest time between two write probes, in ms. Default 1,000. */
  probeIntervalMs?: number
  /**
   * After a failed write, the free space (bytes) the data folder needs before a successful probe counts: a probe
   * writes one page, where a batch of events needs many. Default 1 MiB.
   */
  reserveBytes?: number
  /** The free bytes of a folder for an unprivileged writer. Default: `fs.statfs`. */
  freeBytes?: (dir: string) => Promise<number>
}

/**
 * Tells whether the service can take events now, from what writes did:
 * - a failed append marks it not ready, with the store's reason, until a write succeeds again;
 * - a probe (`store.probeWrite`, a tiny real write, at most once per `probeIntervalMs`) finds failures while no
 *   events arrive, and recovery when they stopped — a disk with space again, a lock released — without a restart;
 * - the data folder's free space keeps a failure in place while it is under `reserveBytes`, and is named in the reason.
 */
export interface WriteReadiness {
  check(): Promise<Readiness>
  /** The same store, whose appends' outcomes are recorded. */
  watch<S extends Pick<Store, 'appendEvents'>>(store: S): S
}

const formatBytes = (bytes: number) =>
  bytes < 1024
    ? `${bytes} bytes`
    : bytes < 1024 * 1024
      ? `${Math.floor(bytes / 1024)} KB`
      : `${Math.floor(bytes / 1048576)} MB`

const defaultFreeBytes = async (dir: string) => {
  const stats = await statfs(dir)
  return stats.bavail * stats.bsize
}

export function createWriteReadiness(options: WriteReadinessOptions): WriteReadiness {
  const { store, dataDir, now } = options
  const probeIntervalMs = options.probeIntervalMs ?? 1000
  const reserveBytes = options.reserveBytes ?? 1024 * 1024
  const freeBytesOf = options.freeBytes ?? defaultFreeBytes
  /** Why the latest write failed, until one succeeds. */
  let failure: string | undefined
  let probedAtMs = Number.NEGATIVE_INFINITY
  let probing: Promise<void> | undefined

  const freeBytes = async (): Promise<number | undefined> =>
    dataDir === undefined ? undefined : freeBytesOf(dataDir).catch(() => undefined)
  const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

  const probe = async () => {
    probedAtMs = now()
    try {
      await store.probeWrite()
    } catch (error) {
      failure = messageOf(error)
      return
    }
    if (failure === undefined) return
    const free = await freeBytes()
    if (free === undefined || free >= reserveBytes) failure = undefined
  }

  return {
    async check() {
      if (now() - probedAtMs >= probeIntervalMs) {
        probing ??= probe().finally(() => {
          probing = undefined
        })
      }
      await probing
      if (failure === undefined) return { ok: true }
      const free = await freeBytes()
      const lowSpace = free !== undefined && free < reserveBytes ? `; ${formatBytes(free)} free in the data folder` : ''
      return { ok: false, message: `${failure}${lowSpace}` }
    },
    watch(watched) {
      const appendEvents: Store['appendEvents'] = (events) => {
        const appended = watched.appendEvents(events)
        if (events.length === 0) return appended
        return appended.then(
          (outcomes) => {
            failure = undefined
            return outcomes
          },
          (error: unknown) => {
            failure = messageOf(error)
            throw error
          },
        )
      }
      return new Proxy(watched, {
        get(target, key) {
          if (key === 'appendEvents') return appendEvents
          const value: unknown = Reflect.get(target, key, target)
          return typeof value === 'function' ? value.bind(target) : value
        },
      })
    },
  }
}
