// The crash-safety soak: many rounds of test/crash/crash-round.ts, by hand. Each round starts `upscore serve` from the
// sources against a HubSpot simulator in this process, sends unique events from a client that resends whatever was
// not acknowledged, SIGKILLs the service at random moments (ingest, a processing backlog, a slow HubSpot sync, a
// model publish), restarts it on the same data, and checks that every event was counted exactly once and that
// HubSpot holds the read API's final values.
//
//   npm run soak -- --rounds 100                # 100 rounds (default 5 kills each)
//   npm run soak -- --minutes 30                # rounds until 30 minutes have passed
//   npm run soak -- --seed 123 --rounds 1       # replay the plan of one round (its seed is printed)
//   options: --kills N  --users N  --widgets N (most per user)  --companies N
import { parseArgs } from 'node:util'
import { type CrashRoundReport, type KillMoment, killMoments, runCrashRound } from '../test/crash/crash-round.ts'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string' },
    minutes: { type: 'string' },
    seed: { type: 'string' },
    kills: { type: 'string', default: '5' },
    users: { type: 'string', default: '400' },
    widgets: { type: 'string', default: '40' },
    companies: { type: 'string', default: '30' },
  },
})

const number = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number, got ${text}`)
  return value
}
const minutes = number('minutes', values.minutes)
const rounds = number('rounds', values.rounds) ?? (minutes === undefined ? 10 : Number.POSITIVE_INFINITY)
const firstSeed = number('seed', values.seed) ?? Math.floor(Math.random() * 2 ** 31)
const kills = number('kills', values.kills) ?? 5
const traffic = {
  users: number('users', values.users) ?? 400,
  companies: number('companies', values.companies) ?? 30,
  maxWidgetsPerUser: number('widgets', values.widgets) ?? 40,
  batchSize: 50,
}

const startedAtMs = Date.now()
const deadlineMs = minutes === undefined ? Number.POSITIVE_INFINITY : startedAtMs + minutes * 60_000
const reports: CrashRoundReport[] = []
const failed: CrashRoundReport[] = []
console.log(
  `soak: ${rounds === Number.POSITIVE_INFINITY ? `rounds for ${minutes} min` : `${rounds} rounds`}, ${kills} kills each, ` +
    `${traffic.users} users in ${traffic.companies} companies, up to ${traffic.maxWidgetsPerUser} widgets each; first seed ${firstSeed}`,
)
for (let round = 0; round < rounds && Date.now() < deadlineMs; round++) {
  const seed = (firstSeed + round) % 2 ** 31
  const report = await runCrashRound({ seed, kills, traffic, log: (line) => console.log(line) }).catch(
    (error: Error): CrashRoundReport => ({
      seed,
      kills: [],
      messages: 0,
      requests: 0,
      resent: 0,
      repeated: 0,
      storedEvents: 0,
      durationMs: 0,
      problems: [`the round failed to run: ${error.stack ?? error.message}`],
    }),
  )
  reports.push(report)
  if (report.problems.length > 0) failed.push(report)
  console.log(
    `round ${round + 1} seed ${seed}: ${report.problems.length === 0 ? 'ok' : 'FAILED'} — ${report.kills.length} kills, ` +
      `${report.messages} events, ${report.requests} requests (${report.resent} resent, ${report.repeated} repeated after a 200), ${(report.durationMs / 1000).toFixed(1)} s`,
  )
  for (const problem of report.problems) console.log(`  ${problem}`)
}

const sum = (pick: (report: CrashRoundReport) => number) => reports.reduce((total, report) => total + pick(report), 0)
const allKills = reports.flatMap((report) => report.kills)
const byMoment = (moment: KillMoment) => allKills.filter((kill) => kill.moment === moment).length
const inPublish = allKills.filter((kill) => kill.publishUnderWay === true).length
const withRequests = allKills.filter((kill) => kill.requestsInFlight > 0).length
console.log(
  `soak: ${reports.length} rounds in ${((Date.now() - startedAtMs) / 60_000).toFixed(1)} min; ${allKills.length} SIGKILLs ` +
    `(${killMoments.map((moment) => `${moment} ${byMoment(moment)}`).join(', ')}; ${withRequests} with ingest requests in flight, ` +
    `${inPublish} with a publish under way); ${sum((r) => r.messages)} unique events, ${sum((r) => r.requests)} requests, ` +
    `${sum((r) => r.resent)} batches resent and ${sum((r) => r.repeated)} repeated after a 200; ${failed.length} rounds failed` +
    (failed.length === 0 ? '' : ` (seeds ${failed.map((r) => r.seed).join(', ')})`),
)
process.exitCode = failed.length === 0 ? 0 : 1
