/** Calls counted over a sliding window of time, as HubSpot's "rolling" limits count them. */
export type RollingWindow = {
  /** Calls recorded at times t with nowMs − windowMs < t ≤ nowMs. */
  count(nowMs: number): number
  /** Records one call at nowMs. */
  record(nowMs: number): void
}

/** A rolling window of `windowMs` milliseconds; the clock is the caller's, so tests can drive it. */
export function createRollingWindow(windowMs: number): RollingWindow {
  const times: number[] = []
  let head = 0

  const prune = (nowMs: number): void => {
    while (head < times.length && (times[head] as number) <= nowMs - windowMs) head++
    // Compact now and then so the array does not grow with every call ever made.
    if (head > 1024 && head * 2 > times.length) {
      times.splice(0, head)
      head = 0
    }
  }

  return {
    count(nowMs) {
      prune(nowMs)
      let inWindow = 0
      for (let i = head; i < times.length; i++) if ((times[i] as number) <= nowMs) inWindow++
      return inWindow
    },
    record(nowMs) {
      times.push(nowMs)
    },
  }
}
