import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { HubspotSimulatorOptions } from '../src/sim/hubspot/simulator-options.ts'
import { propertyInput, type RunningSimulator, startSimulator } from './hubspot-sim-harness.ts'

let sim: RunningSimulator | undefined
const folders: string[] = []
afterEach(async () => {
  await sim?.close()
  sim = undefined
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})
const start = async (options: HubspotSimulatorOptions = {}): Promise<RunningSimulator> => {
  sim = await startSimulator(options)
  return sim
}

describe('owners', () => {
  it('lists owners at the trailing-slash path the official client calls', async () => {
    const s = await start()
    const page = await s.hubspot.crm.owners.ownersApi.getPage()
    expect(page.results.length).toBeGreaterThan(0)
    expect(page.results[0]).toMatchObject({ id: expect.any(String), email: expect.any(String), type: 'PERSON' })
  })

  it('lists owners without the trailing slash too, filtered by email', async () => {
    const s = await start()
    const all = await s.call('GET', '/crm/v3/owners')
    const email = all.body.results[0].email
    const one = await s.call('GET', `/crm/v3/owners?email=${encodeURIComponent(email)}`)
    expect(one.body.results).toHaveLength(1)
  })

  it('reads one owner by id', async () => {
    const s = await start()
    const first = (await s.call('GET', '/crm/v3/owners')).body.results[0]
    expect((await s.hubspot.crm.owners.ownersApi.getById(Number(first.id))).email).toBe(first.email)
  })
})

describe('the data file', () => {
  it('keeps records and properties across a restart', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hubspot-sim-'))
    folders.push(folder)
    const dataFile = join(folder, 'hubspot.json')
    const first = await start({ dataFile })
    await first.hubspot.crm.properties.coreApi.create(
      'contacts',
      propertyInput({ name: 'score', type: 'number', fieldType: 'number' }),
    )
    await first.hubspot.crm.contacts.batchApi.upsert({
      inputs: [{ id: 'ada@acme.test', idProperty: 'email', properties: { score: '7' } }],
    })
    await first.close()
    const second = await start({ dataFile })
    const read = await second.hubspot.crm.contacts.basicApi.getById(
      'ada@acme.test',
      ['score'],
      undefined,
      undefined,
      false,
      'email',
    )
    expect(read.properties.score).toBe('7')
  })
})

describe('the page', () => {
  it('lists contacts with their properties, escaped', async () => {
    const s = await start()
    await s.call('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'ada@acme.test', firstname: '<script>x</script>' },
    })
    const response = await fetch(`${s.url}/`)
    const html = await response.text()
    expect(response.headers.get('content-type')).toContain('text/html')
    expect(html).toContain('ada@acme.test')
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;')
    expect(html).not.toContain('<script>x')
  })
})
