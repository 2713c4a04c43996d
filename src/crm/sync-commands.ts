import type { SyncApiClient } from './sync-api-client.ts'

type Print = (line: string) => void

const n = (value: number) => value.toLocaleString('en-US')
const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`)

/** `upscore crm status`: the HubSpot sync's health, from a running service, in a few lines. */
export async function syncStatusCommand(client: SyncApiClient, print: Print): Promise<number> {
  const h = await client.health()
  const state = h.running ? 'running' : 'stopped'
  print(`HubSpot sync: ${state}; properties ${h.provisioned ? 'set up' : 'not set up yet'}`)
  const oldest =
    h.backlog.oldestChangeAgeMs === null ? '' : `, the oldest waiting ${seconds(h.backlog.oldestChangeAgeMs)}`
  print(`backlog: ${n(h.backlog.contacts)} contacts and ${n(h.backlog.companies)} companies to write${oldest}`)
  print(
    `last minute: ${n(h.lastMinute.calls)} calls carrying ${n(h.lastMinute.records)} records; ` +
      `event → HubSpot p50 ${seconds(h.latencyMs.p50)}, p99 ${seconds(h.latencyMs.p99)}`,
  )
  const { budget } = h
  print(
    `budget: ${n(budget.usedInWindow)} of ${n(budget.budgetPerWindow)} calls in this ${budget.windowMs / 1000} s ` +
      `window, ${n(budget.usedToday)} of ${n(budget.dailyBudget)} today; ${n(h.rateLimited)} answered 429 since start`,
  )
  if (budget.pausedUntil !== null) print(`paused by HubSpot's rate limit until ${budget.pausedUntil}`)
  if (h.backoffUntil !== null) print(`backing off after failures until ${h.backoffUntil}`)
  if (h.lastError !== null) print(`last error, ${h.lastError.at}: ${h.lastError.message}`)
  print(
    h.deadLetters === 0
      ? 'dead letters: none'
      : `dead letters: ${n(h.deadLetters)} (list them: upscore crm dead-letters)`,
  )
  return 0
}

/** `upscore crm dead-letters`: the records HubSpot refused for good, newest first, with HubSpot's reason. */
export async function deadLettersCommand(client: SyncApiClient, limit: number, print: Print): Promise<number> {
  const { total, deadLetters } = await client.deadLetters(limit)
  if (total === 0) {
    print('no dead letters: HubSpot refused no record')
    return 0
  }
  const shown = deadLetters.length < total ? `the newest ${n(deadLetters.length)} of ${n(total)}` : n(total)
  print(`${shown} dead letter${total === 1 ? '' : 's'}, newest first:`)
  for (const letter of deadLetters) {
    const who = letter.idValue === letter.entityId ? letter.idValue : `${letter.idValue} (${letter.entityId})`
    print(`${letter.at}  ${letter.objectType} ${who}: ${letter.reason}`)
  }
  print('send them again with their current values: upscore crm replay [--contact KEY]')
  return 0
}
