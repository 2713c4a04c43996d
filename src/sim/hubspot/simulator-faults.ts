import { z } from 'zod'
import type { RateLimits } from './rate-limiter.ts'

/** The limits and faults in force; the gate reads them on every call, so changes apply live. */
export type SimulatorFaults = RateLimits & {
  /** Added to every CRM answer, in milliseconds. */
  latencyMs: number
  /** Share (0–1) of write calls answered 502 without changing anything. */
  errorRate: number
  /** Share (0–1) of CRM calls whose answer is held back `timeoutMs` and then is a 504 that changed nothing. */
  timeoutRate: number
  timeoutMs: number
  /** Until this time (ms epoch) every CRM call answers 503. */
  outageUntilMs: number
}

/** The body of `POST /_sim/faults`: any of these fields; an unknown field is refused so typos do not pass silently. */
export const faultsUpdateSchema = z.strictObject({
  rateLimit: z.number().int().min(0).optional(),
  dailyLimit: z.number().int().min(0).optional(),
  searchRateLimit: z.number().int().min(0).optional(),
  latencyMs: z.number().min(0).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  timeoutRate: z.number().min(0).max(1).optional(),
  timeoutMs: z.number().min(0).optional(),
  outageSeconds: z.number().min(0).optional(),
})
export type FaultsUpdate = z.infer<typeof faultsUpdateSchema>

export function applyFaultsUpdate(faults: SimulatorFaults, update: FaultsUpdate, nowMs: number): void {
  if (update.rateLimit !== undefined) faults.rateLimitPer10s = update.rateLimit
  if (update.dailyLimit !== undefined) faults.dailyLimit = update.dailyLimit
  if (update.searchRateLimit !== undefined) faults.searchPerSecond = update.searchRateLimit
  if (update.latencyMs !== undefined) faults.latencyMs = update.latencyMs
  if (update.errorRate !== undefined) faults.errorRate = update.errorRate
  if (update.timeoutRate !== undefined) faults.timeoutRate = update.timeoutRate
  if (update.timeoutMs !== undefined) faults.timeoutMs = update.timeoutMs
  if (update.outageSeconds !== undefined) faults.outageUntilMs = nowMs + update.outageSeconds * 1000
}

/** The faults as `/_sim/faults` shows them, in the same names its body takes. */
export function describeFaults(faults: SimulatorFaults, nowMs: number): Record<string, number> {
  return {
    rateLimit: faults.rateLimitPer10s,
    dailyLimit: faults.dailyLimit,
    searchRateLimit: faults.searchPerSecond,
    latencyMs: faults.latencyMs,
    errorRate: faults.errorRate,
    timeoutRate: faults.timeoutRate,
    timeoutMs: faults.timeoutMs,
    outageSeconds: Math.max(0, (faults.outageUntilMs - nowMs) / 1000),
  }
}
