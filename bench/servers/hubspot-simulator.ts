// The HubSpot simulator in its own process, as HubSpot is a remote service.
import { createHubspotSimulator } from '../../src/sim/hubspot/hubspot-simulator.ts'
import { serveParent } from './parent-link.ts'

const simulator = createHubspotSimulator({ rateLimitPer10s: Number(process.env.BENCH_SIM_RATE_LIMIT ?? 190) })
const url = await simulator.listen({ port: 0, host: '127.0.0.1' })
serveParent(url, { close: () => simulator.close() })
