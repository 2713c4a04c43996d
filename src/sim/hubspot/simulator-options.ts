import type { SimOwner } from './owners.ts'

/** Options of `createHubspotSimulator`; every field may be left out (or given as undefined) for its default. */
export type HubspotSimulatorOptions = {
  /** Calls allowed per rolling 10 s, search excluded. Default 190 (HubSpot Professional and Enterprise). */
  rateLimitPer10s?: number | undefined
  /** Calls allowed per UTC day. Default 1,000,000. */
  dailyLimit?: number | undefined
  /** Search calls allowed per rolling second (a budget of their own). Default 4. */
  searchPerSecond?: number | undefined
  /** Added to every CRM answer, in milliseconds. Default 0. */
  latencyMs?: number | undefined
  /** Share (0–1) of write calls (POST, PATCH, PUT, DELETE) answered 502 without any change. Default 0. */
  errorRate?: number | undefined
  /** Share (0–1) of CRM calls held back `timeoutMs` and then answered 504 without any change. Default 0. */
  timeoutRate?: number | undefined
  /** How long a timed-out call is held, in milliseconds. Default 30,000. */
  timeoutMs?: number | undefined
  /** The only bearer token accepted. Default: any bearer token. */
  token?: string | undefined
  /** JSON file the data is loaded from at start and saved to after changes. Default: memory only. */
  dataFile?: string | undefined
  /** Delay before changes are saved to `dataFile`, in milliseconds. Default 200. */
  saveDebounceMs?: number | undefined
  /** The portal's owners. Default two fixed owners. */
  owners?: readonly SimOwner[] | undefined
  /** The portal id shown in bodies that carry one. Default 62515. */
  portalId?: number | undefined
  /** Clock, ms since the epoch. Default Date.now. */
  now?: (() => number) | undefined
  /** Random source in [0, 1) for the error and timeout draws (one draw per share in force). Default Math.random. */
  random?: (() => number) | undefined
}
