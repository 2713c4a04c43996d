const DAY_MS = 86_400_000

/** Calls counted per calendar day. */
export type DailyCounter = {
  /** Calls recorded on the day of nowMs. */
  count(nowMs: number): number
  record(nowMs: number): void
}

/**
 * Counts calls per UTC day. HubSpot resets the daily limit at midnight in the account's time zone; the simulator's
 * account lives in UTC.
 */
export function createDailyCounter(): DailyCounter {
  let day = Number.NaN
  let calls = 0
  const roll = (nowMs: number): void => {
    const today = Math.floor(nowMs / DAY_MS)
    if (today !== day) {
      day = today
      calls = 0
    }
  }
  return {
    count(nowMs) {
      roll(nowMs)
      return calls
    },
    record(nowMs) {
      roll(nowMs)
      calls++
    },
  }
}
