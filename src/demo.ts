import { randomBytes } from 'node:crypto'
import type { Config } from './config.ts'
import { countLabels, type DemoProgress, describeProgress } from './demo-progress.ts'
import { type Print, type RunningService, startService } from './serve.ts'
import { createProductSimulator } from './sim/product/product-simulator.ts'
import { LOG_START } from './storage/store.ts'

export interface DemoOptions {
  /** The configuration `serve` would use; write key, admin token and HubSpot settings are made by the demo. */
  config: Config
  /** Starts the HubSpot simulator; resolves with its base URL and a way to stop it. */
  startHubspotSimulator: () => Promise<{ url: string; close(): Promise<void> }>
  /** Simulated trial users and their companies. */
  users?: number
  companies?: number
  /** Live product events per second after the history. */
  eventsPerSecond?: number
  print: Print
  /** Shows the progress line (in place, on a terminal). Default: `print`. */
  showStatus?: (status: string) => void
  /** How often the progress line is worked out again. Default 1,000 ms. */
  statusEveryMs?: number
}

export interface RunningDemo {
  service: RunningService
  close(): Promise<void>
}

const token = (prefix: string) => `${prefix}_${randomBytes(9).toString('base64url')}`

/**
 * The whole product on one machine: the HubSpot simulator, `serve` on the embedded store pointed at it, and a
 * simulated trial product sending a fortnight of history and then live traffic. Prints where everything is.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const { print } = options
  const hubspot = await options.startHubspotSimulator()
  print(`HubSpot simulator: ${hubspot.url}  (open it in a browser to see what HubSpot would show)`)
  const writeKey = token('wk_demo')
  const adminToken = token('admin_demo')
  const config: Config = {
    ...options.config,
    writeKeys: [writeKey],
    adminToken,
    hubspot: {
      accessToken: 'pat-demo',
      baseUrl: hubspot.url,
      callsPer10Seconds: 190,
      callsPerDay: 1_000_000,
      budgetShare: 0.9,
    },
  }
  const service = await startService(config, print)
  print(`write key: ${writeKey}`)
  print(`admin token: ${adminToken}`)
  print(`read API: curl -H 'Authorization: Bearer ${adminToken}' ${service.url}/api/contacts/<email-or-userId>`)

  const product = createProductSimulator({
    ingestUrl: service.url,
    writeKey,
    users: options.users ?? 300,
    companies: options.companies ?? 40,
    onError: (error) => print(`product simulator: ${error.message}`),
  })
  const progress = startProgress(service, options.showStatus ?? print, options.statusEveryMs ?? 1_000)
  // A second demo on the same data folder keeps its history instead of sending another fortnight on top.
  const events = (await service.store.logLag(LOG_START)).events
  if (events > 0) print(await describeReuse(service, config.dataDir, events))
  else {
    const { users, companies } = product.population
    print(
      `product simulator: sending 14 days of history for ${users.length} trial users in ${companies.length} companies …`,
    )
    const sent = await product.sendHistory()
    print(
      `product simulator: ${sent.toLocaleString('en-US')} historical events sent; now live events, ` +
        'with new trials signing up now and then',
    )
  }
  const live = product.startLive({ eventsPerSecond: options.eventsPerSecond ?? 10 })

  return {
    service,
    async close() {
      progress.stop()
      await live.stop()
      await service.close()
      await hubspot.close()
    },
  }
}

/** What a demo on a data folder used before starts from. */
async function describeReuse(service: RunningService, dataDir: string, events: number): Promise<string> {
  const [contacts, companies] = await Promise.all([
    service.store.countEntities('contact'),
    service.store.countEntities('company'),
  ])
  const n = (value: number) => value.toLocaleString('en-US')
  return (
    `data folder ${dataDir}: reusing ${n(contacts)} contacts, ${n(companies)} companies and ${n(events)} events ` +
    'from an earlier run; the product simulator sends live events only (delete the folder to start afresh)'
  )
}

/** Works out the progress line every `everyMs` and hands it to `show`; a failure to count shows as `?`. */
function startProgress(service: RunningService, show: (status: string) => void, everyMs: number) {
  const score = service.model.contactScores[0]
  let last = { atMs: Date.now(), events: service.processor.stats().eventsProcessed }
  let busy = false
  const update = async () => {
    if (busy) return
    busy = true
    try {
      const { store } = service
      const [contacts, companies, outbox, labels] = await Promise.all([
        store.countEntities('contact'),
        store.countEntities('company'),
        store.outboxSize().catch(() => undefined),
        score === undefined ? [] : countLabels(store, score),
      ])
      const now = { atMs: Date.now(), events: service.processor.stats().eventsProcessed }
      const seconds = Math.max(0.001, (now.atMs - last.atMs) / 1000)
      const snapshot: DemoProgress = {
        contacts,
        companies,
        labels,
        hubspotBacklog: outbox === undefined ? undefined : outbox.contacts + outbox.companies,
        eventsPerSecond: (now.events - last.events) / seconds,
      }
      last = now
      show(describeProgress(snapshot))
    } catch {
      // The store is closing: the next tick, if any, tries again.
    } finally {
      busy = false
    }
  }
  const timer = setInterval(update, everyMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
