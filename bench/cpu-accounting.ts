import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'

/** Clock ticks per second of the times in `/proc/self/stat` (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100

/** User-mode CPU seconds of all cores since boot. */
function machineUserSeconds(): number {
  return cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice, 0) / 1000
}

/** User-mode CPU seconds of this process and of its children that have ended (the servers), or NaN off Linux. */
function ownUserSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // utime and cutime are fields 14 and 16; `fields` starts at field 3.
    return (Number(fields[11]) + Number(fields[13])) / TICKS_PER_SECOND
  } catch {
    return Number.NaN
  }
}

/**
 * Measures how much CPU other processes took while a benchmark ran (another engineer's tests, say): the machine's
 * user-mode time minus the bench's own and its ended children's. User mode only, because the kernel's work for our
 * own disk writes and sockets (writeback, network) runs in kernel threads and would count as someone else's. Call
 * `stop()` once every child has exited.
 */
export function startCpuAccounting(): { stop(): { ownUserCoreSeconds: number; otherUserCoreSeconds: number } } {
  const userAtStart = machineUserSeconds()
  const ownAtStart = ownUserSeconds()
  return {
    stop() {
      const own = ownUserSeconds() - ownAtStart
      const other = machineUserSeconds() - userAtStart - own
      return {
        ownUserCoreSeconds: Math.round(own * 10) / 10,
        otherUserCoreSeconds: Math.round(Math.max(0, other) * 10) / 10,
      }
    },
  }
}
