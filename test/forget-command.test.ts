import { describe, expect, it } from 'vitest'
import { runCli } from '../src/cli.ts'
import { adminToken, identify, liveServicePerTest, track } from './live-service-harness.ts'

const start = liveServicePerTest()

/** Runs `upscore …` against a running service; resolves with the exit code and the lines it printed. */
async function upscore(args: string[], env: Record<string, string> = { UPSCORE_ADMIN_TOKEN: adminToken }) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, env, {
    stdout: { isTTY: false, write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  })
  const lines = (text: string) => text.split('\n').filter((line) => line !== '')
  return { code, out: lines(stdout), err: lines(stderr) }
}

async function serviceWithAda() {
  const live = await start()
  await live.send([
    identify('u-ada', 'ada@acme.test'),
    { type: 'group', userId: 'u-ada', groupId: 'acme', traits: { plan: 'trial' }, messageId: 'ada-group' },
    track('u-ada', 'Signed In', 1),
  ])
  await live.settled()
  return live
}

describe('upscore forget KEY', () => {
  it('has the running service forget the contact, and prints what went', async () => {
    const live = await serviceWithAda()
    const { code, out } = await upscore(['forget', 'ada@acme.test', '--url', live.service.url])
    expect(code).toBe(0)
    expect(out).toHaveLength(1)
    expect(out[0]).toMatch(
      /^forgot ada@acme\.test: 1 contact, 1 id, 3 events, \d+ score history entr(y|ies), .*; re-scored company acme; HubSpot: left as it is/,
    )
    expect((await live.api('GET', '/api/contacts/ada@acme.test')).status).toBe(404)
  })

  it('exits 1 saying so for an unknown contact', async () => {
    const live = await serviceWithAda()
    const { code, err } = await upscore(['forget', 'nobody@acme.test', '--url', live.service.url])
    expect(code).toBe(1)
    expect(err.join('\n')).toMatch(/no contact has the email or userId "nobody@acme\.test"/)
  })

  it('asks for the deletion in HubSpot with --hubspot', async () => {
    const live = await serviceWithAda()
    // This service has no HubSpot sync: it refuses, and keeps the contact.
    const { code, err } = await upscore(['forget', 'ada@acme.test', '--hubspot', '--url', live.service.url])
    expect(code).toBe(1)
    expect(err.join('\n')).toMatch(/HubSpot sync is off/)
    expect((await live.api('GET', '/api/contacts/ada@acme.test')).status).toBe(200)
  })

  it('exits 1 when the service refuses the token', async () => {
    const live = await serviceWithAda()
    const { code } = await upscore(['forget', 'ada@acme.test', '--url', live.service.url], {
      UPSCORE_ADMIN_TOKEN: 'wrong',
    })
    expect(code).toBe(1)
    expect((await live.api('GET', '/api/contacts/ada@acme.test')).status).toBe(200)
  })
})
