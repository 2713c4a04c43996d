import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../src/cli.ts'
import { loadApiClientConfig } from '../src/config.ts'
import { createModelApiClient } from '../src/model-admin/model-api-client.ts'
import { remoteDraftCommand, remotePublishCommand } from '../src/model-admin/remote-model-commands.ts'
import { adminToken, defaultText, liveServicePerTest, withLoginsTotal } from './live-service-harness.ts'

const start = liveServicePerTest()

async function withService() {
  const live = await start()
  const client = createModelApiClient(
    loadApiClientConfig({ UPSCORE_ADMIN_TOKEN: adminToken }, { url: live.service.url }),
    (url, init) => fetch(url, init),
  )
  const out: string[] = []
  const err: string[] = []
  const io = {
    print: (line: string) => out.push(line),
    printError: (line: string) => err.push(line),
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  }
  const file = (name: string, text: string) => {
    const path = join(live.dataDir, name)
    writeFileSync(path, text)
    return path
  }
  return { live, client, out, err, io, file }
}

describe('upscore model publish FILE', () => {
  it('saves the file as the draft, publishes it and follows it until it is live', async () => {
    const { live, client, out, io, file } = await withService()
    const path = file('next.yaml', withLoginsTotal)
    expect(await remotePublishCommand(client, path, { wait: true }, io)).toBe(0)
    const model = (await live.api('GET', '/api/model')).body
    expect(model.properties.contact.map((p: { name: string }) => p.name)).toContain('logins_total')
    expect(out.at(-1)).toBe(`"default" ${model.version} is live`)
  })

  it('prints every problem as FILE:LINE:COLUMN message and publishes nothing', async () => {
    const { live, client, err, io, file } = await withService()
    const before = (await live.api('GET', '/api/model')).body.version
    const path = file('broken.yaml', defaultText.replace('      window: 7d\n', '      window: 7 days\n'))
    expect(await remotePublishCommand(client, path, { wait: true }, io)).toBe(1)
    expect(err).toHaveLength(1)
    expect(err[0]).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ .*window`))
    expect((await live.api('GET', '/api/model')).body.version).toBe(before)
    expect((await live.api('GET', '/api/model/draft')).body.isLive).toBe(true)
  })
})

describe('upscore model draft FILE', () => {
  it('saves the draft without publishing it', async () => {
    const { live, client, out, io, file } = await withService()
    const before = (await live.api('GET', '/api/model')).body.version
    expect(await remoteDraftCommand(client, file('draft.yaml', withLoginsTotal), io)).toBe(0)
    expect(out[0]).toMatch(/^draft saved: "default" [0-9a-f]{16}$/)
    expect((await live.api('GET', '/api/model')).body.version).toBe(before)
    expect((await live.api('GET', '/api/model/draft')).body.text).toBe(withLoginsTotal)
  })

  it('saves a draft with HubSpot-compatibility warnings, printing them as model check does', async () => {
    const { live, client, out, err, io, file } = await withService()
    const text = `hubspot: { lint: true }
properties:
  contact:
    title: { type: trait, trait: title }
scores:
  s:
    subject: contact
    groups:
      product:
        category: engagement
        decay: { linear: 50%, every: 30d }
        rules:
          reports: { event: Report Generated, points: 10, within: 14d }
`
    const path = file('linted.yaml', text)
    expect(await remoteDraftCommand(client, path, io)).toBe(0)
    const warning =
      'HubSpot: a group takes time frames or decay, not both; group "product" has both decay and time frames (within: reports)'
    expect(err).toEqual([`${path}:11:9 warning: ${warning}`])
    expect(out[0]).toMatch(/^draft saved: /)
    expect((await live.api('GET', '/api/model/draft')).body.warnings).toEqual([
      { line: 11, column: 9, message: warning },
    ])
  })

  it('exits 1 from the command line when the service refuses the token', async () => {
    const { live, file } = await withService()
    const path = file('draft.yaml', withLoginsTotal)
    const code = await runCli(['model', 'draft', path, '--url', live.service.url], { UPSCORE_ADMIN_TOKEN: 'wrong' })
    expect(code).toBe(1)
  })
})
