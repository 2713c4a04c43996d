import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { startDemo } from '../src/demo.ts'
import { createHubspotSimulator } from '../src/sim/hubspot/hubspot-simulator.ts'
import { waitUntil } from './hubspot-sync-harness.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A small demo on `dataDir` with a new HubSpot simulator; the lines it printed and the statuses it showed. */
async function runDemo(dataDir: string) {
  const lines: string[] = []
  const statuses: string[] = []
  let simUrl = ''
  const demo = await startDemo({
    config: loadConfig({ UPSCORE_DATA_DIR: dataDir, UPSCORE_PORT: '0' }),
    startHubspotSimulator: async () => {
      const simulator = createHubspotSimulator({})
      simUrl = await simulator.listen({ port: 0, host: '127.0.0.1' })
      return { url: simUrl, close: () => simulator.close() }
    },
    users: 20,
    companies: 5,
    eventsPerSecond: 20,
    statusEveryMs: 100,
    print: (line) => lines.push(line),
    showStatus: (status) => statuses.push(status),
  })
  const held = async (type: 'contacts' | 'companies') => {
    const answer = (await (await fetch(`${simUrl}/_sim/objects/${type}`)).json()) as { results: unknown[] }
    return answer.results.length
  }
  return { demo, lines, statuses, held }
}

describe('the demo', () => {
  it('shows one progress line a person reads right: contacts, companies, labels, backlog, events per second', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'upscore-demo-'))
    dirs.push(dir)
    const run = await runDemo(dir)
    try {
      await waitUntil(async () => run.statuses.length > 3, 'the progress line is shown')
      expect(run.statuses.at(-1)).toMatch(
        /^2\d contacts in [5-9] companies · hot \d+ · warm \d+ · cold \d+ · HubSpot backlog [\d,]+ · [\d,]+ events\/s$/,
      )
      expect(run.lines.some((line) => /contacts scored/.test(line))).toBe(false)
    } finally {
      await run.demo.close()
    }
  })

  it('run again on the same data folder with a new simulator, says what it reuses and fills the simulator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'upscore-demo-'))
    dirs.push(dir)
    const first = await runDemo(dir)
    try {
      await waitUntil(async () => (await first.held('contacts')) >= 20, 'the first simulator has every contact')
    } finally {
      await first.demo.close()
    }
    const second = await runDemo(dir)
    try {
      await waitUntil(
        async () => (await second.held('contacts')) >= 20 && (await second.held('companies')) >= 5,
        'the second simulator has every contact and company',
      )
      expect(second.lines.some((line) => /reusing 2\d contacts, [5-9] companies and [\d,]+ events/.test(line))).toBe(
        true,
      )
      expect(second.lines.some((line) => /are sent again/.test(line))).toBe(true)
      expect(second.lines.filter((line) => line.includes('merged'))).toEqual([])
    } finally {
      await second.demo.close()
    }
  })
})
