import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../src/cli.ts'
import { createHubspotSimulator, type HubspotSimulator } from '../src/sim/hubspot/hubspot-simulator.ts'
import { seedDeadLetters } from './hubspot-sync-harness.ts'
import {
  adminToken,
  defaultText,
  type LiveService,
  liveServicePerTest,
  withLoginsTotal,
} from './live-service-harness.ts'

const start = liveServicePerTest()
const simulators: HubspotSimulator[] = []
afterEach(async () => {
  for (const simulator of simulators.splice(0)) await simulator.close()
})

/** `npx upscore …` against a running service, with its admin token; what it printed. */
async function upscore(live: LiveService, ...argv: string[]) {
  let out = ''
  let err = ''
  const code = await runCli(
    [...argv, '--url', live.service.url],
    { UPSCORE_ADMIN_TOKEN: adminToken },
    {
      stdout: { isTTY: false, write: (text) => (out += text) },
      stderr: { write: (text) => (err += text) },
    },
  )
  return { code, out, err }
}

const file = (live: LiveService, name: string, text: string) => {
  const path = join(live.dataDir, name)
  writeFileSync(path, text)
  return path
}

describe('upscore model versions, rollback, draft-diff and reset', () => {
  it('lists the published versions newest first and rolls back to an earlier one', async () => {
    const live = await start()
    const first = (await live.api('GET', '/api/model')).body.version as string
    expect((await upscore(live, 'model', 'publish', file(live, 'next.yaml', withLoginsTotal))).code).toBe(0)
    const second = (await live.api('GET', '/api/model')).body.version as string

    const listed = await upscore(live, 'model', 'versions')
    expect(listed.code).toBe(0)
    const lines = listed.out.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(new RegExp(`^${second} .* by api {2}\\(live\\)$`))
    expect(lines[1]).toMatch(new RegExp(`^${first} `))
    expect(lines[1]).not.toContain('(live)')

    const rolledBack = await upscore(live, 'model', 'rollback', first)
    expect(rolledBack.code).toBe(0)
    expect(rolledBack.out.trim().split('\n').at(-1)).toBe(`"default" ${first} is live`)
    expect((await live.api('GET', '/api/model')).body.version).toBe(first)
    expect((await upscore(live, 'model', 'versions')).out.split('\n')[0]).toMatch(new RegExp(`^${first} .*\\(live\\)$`))
  })

  it('fails, saying so, when asked to roll back to a version that was never published', async () => {
    const live = await start()
    const { code, err } = await upscore(live, 'model', 'rollback', 'feedfacefeedface')
    expect(code).toBe(1)
    expect(err).toMatch(/^upscore: .*feedfacefeedface/)
  })

  it('shows what the draft would change, and resets the draft to the live model', async () => {
    const live = await start()
    await live.send([
      { type: 'identify', userId: 'u1', traits: { email: 'one@x.test' }, messageId: 'i1' },
      { type: 'track', userId: 'u1', event: 'Signed In', messageId: 't1' },
      { type: 'track', userId: 'u1', event: 'Signed In', messageId: 't2' },
    ])
    await live.settled()
    expect((await upscore(live, 'model', 'draft', file(live, 'next.yaml', withLoginsTotal))).code).toBe(0)
    const diff = await upscore(live, 'model', 'draft-diff')
    expect(diff.code).toBe(0)
    expect(diff.out).toMatch(/^live [0-9a-f]{16} → draft [0-9a-f]{16}, on 1 contacts\n/)
    expect(diff.out).toContain('lead_score_product_usage: 1 of 1 contacts change (1 up, 0 down, mean change +7)')

    const reset = await upscore(live, 'model', 'reset')
    expect(reset.code).toBe(0)
    const liveVersion = (await live.api('GET', '/api/model')).body.version
    expect(reset.out).toBe(`draft reset to the live model: "default" ${liveVersion}\n`)
    expect((await live.api('GET', '/api/model/draft')).body.text).toBe(defaultText)
    expect((await upscore(live, 'model', 'draft-diff')).out).toContain('the draft is the live model')
  })
})

describe('upscore crm status and dead-letters', () => {
  it('says the sync is off when the service has no HubSpot token', async () => {
    const live = await start()
    const { code, err } = await upscore(live, 'crm', 'status')
    expect(code).toBe(1)
    expect(err).toBe('upscore: the HubSpot sync is off: HUBSPOT_ACCESS_TOKEN is not set\n')
  })

  it("shows the sync's health and lists the dead letters with HubSpot's reason", async () => {
    const simulator = createHubspotSimulator({})
    simulators.push(simulator)
    const url = await simulator.listen({ port: 0, host: '127.0.0.1' })
    const live = await start({ env: { HUBSPOT_ACCESS_TOKEN: 'pat-test', HUBSPOT_BASE_URL: url } })
    const change = {
      objectType: 'contacts' as const,
      entityId: 'u-9',
      idValue: 'nine@x.test',
      properties: { logins_last_7_days: '1' },
      changedAtMs: Date.now(),
    }
    await seedDeadLetters(
      live.service.store,
      [change],
      'VALIDATION_ERROR: Email address nine@x.test is invalid',
      Date.now(),
    )

    const status = await upscore(live, 'crm', 'status')
    expect(status.code).toBe(0)
    expect(status.out).toMatch(/^HubSpot sync: running;/)
    expect(status.out).toMatch(/\nbacklog: 0 contacts and 0 companies to write\n/)
    expect(status.out).toMatch(/\nbudget: \d+ of 171 calls in this 10 s window, \d+ of 900,000 today; 0 answered 429/)
    expect(status.out).toContain('dead letters: 1 (list them: upscore crm dead-letters)')

    const letters = await upscore(live, 'crm', 'dead-letters')
    expect(letters.code).toBe(0)
    expect(letters.out).toMatch(
      /^1 dead letter, newest first:\n\S+ {2}contacts nine@x\.test \(u-9\): VALIDATION_ERROR: Email address nine@x\.test is invalid\n/,
    )
    expect(letters.out).toContain('upscore crm replay')
  })
})
