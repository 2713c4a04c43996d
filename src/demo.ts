import { randomBytes } from 'node:crypto'
import type { Config } from './config.ts'
import { type Print, type RunningService, startService } from './serve.ts'
import { createProductSimulator } from './sim/product/product-simulator.ts'

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
  // A second demo on the same data folder keeps its history instead of sending another fortnight on top.
  const hasHistory = (await service.store.lastEventSeq()) > 0
  if (hasHistory) print('product simulator: history already in the data folder; sending live events only')
  else {
    print(`product simulator: sending 14 days of history for ${product.population.users.length} trial users …`)
    const sent = await product.sendHistory()
    print(`product simulator: ${sent} historical events sent; now sending live events`)
  }
  const live = product.startLive({ eventsPerSecond: options.eventsPerSecond ?? 10 })

  const progress = setInterval(async () => {
    const stats = service.processor.stats()
    const outbox = await service.store.outboxSize().catch(() => undefined)
    const backlog = outbox === undefined ? '?' : String(outbox.contacts + outbox.companies)
    print(
      `events processed ${stats.eventsProcessed} · contacts scored ${stats.contactsScored} · ` +
        `live events sent ${live.stats().eventsSent} · HubSpot backlog ${backlog}`,
    )
  }, 5000)
  progress.unref()

  return {
    service,
    async close() {
      clearInterval(progress)
      await live.stop()
      await service.close()
      await hubspot.close()
    },
  }
}
