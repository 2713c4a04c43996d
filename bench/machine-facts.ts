import { cpus, freemem, totalmem, type } from 'node:os'

/** What the results depend on, recorded beside them. */
export interface MachineFacts {
  date: string
  cpuModel: string
  cores: number
  memoryGb: number
  freeMemoryGb: number
  os: string
  node: string
}

export function readMachineFacts(now: Date): MachineFacts {
  const list = cpus()
  return {
    date: now.toISOString(),
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    freeMemoryGb: Math.round(freemem() / 2 ** 30),
    os: `${type()} ${process.arch}`,
    node: process.version,
  }
}
