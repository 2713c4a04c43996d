import { afterEach, describe, expect, it } from 'vitest'
import {
  commitOutbox,
  companyChange,
  contactChange,
  contactsByEmail,
  seedDeadLetters,
  startRigPerTest,
  waitUntil,
} from './hubspot-sync-harness.ts'
import { adminToken, startTestServer, type TestServer } from './ingest-test-server.ts'

// Registered first, so it runs after the server's hook below: the server closes before the rig whose store it uses.
const startRig = startRigPerTest()
let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const refusedAtMs = Date.parse('2026-11-26T15:00:00.000Z')
const reason = 'VALIDATION_ERROR: Property values were not valid'

async function call(
  current: TestServer,
  path: string,
  init: { method?: string; body?: string; token?: string | null } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = init.token === undefined ? adminToken : init.token
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` }
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${current.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}
const replay = (current: TestServer, body?: unknown) =>
  call(current, '/api/sync/dead-letters/replay', {
    method: 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })

/** A server whose store holds dead letters for contacts 1–3 (in that order) and company acme. */
async function serverWithDeadLetters(): Promise<{ current: TestServer; wakes: () => number }> {
  let wakes = 0
  const current = await startTestServer({ wakeSync: () => wakes++ })
  for (const [i, change] of [
    companyChange('acme', { plan_type: 'gold' }),
    contactChange(1, { logins_last_7_days: 'lots' }),
    contactChange(2, { lead_score_product_usage: '20' }),
    contactChange(3, { lead_score_product_usage: '30' }),
  ].entries()) {
    await seedDeadLetters(current.store, [change], reason, refusedAtMs + i * 1000)
  }
  return { current, wakes: () => wakes }
}

describe('GET /api/sync/dead-letters', () => {
  it('lists the dead letters newest first, up to the limit', async () => {
    const { current } = await serverWithDeadLetters()
    server = current
    const answer = await call(current, '/api/sync/dead-letters?limit=2')
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({
      total: 4,
      deadLetters: [
        {
          id: expect.any(Number),
          objectType: 'contacts',
          entityId: 'u-3',
          idValue: 'c3@sync.test',
          properties: { lead_score_product_usage: '30' },
          reason,
          at: '2026-11-26T15:00:03.000Z',
        },
        expect.objectContaining({ entityId: 'u-2', at: '2026-11-26T15:00:02.000Z' }),
      ],
    })
  })

  it('lists them all when no limit is given', async () => {
    const { current } = await serverWithDeadLetters()
    server = current
    const answer = await call(current, '/api/sync/dead-letters')
    const letters = answer.body.deadLetters as { entityId: string; objectType: string }[]
    expect(letters.map((letter) => letter.entityId)).toEqual(['u-3', 'u-2', 'u-1', 'acme'])
    expect(letters[3]?.objectType).toBe('companies')
  })

  it('refuses a limit that is not a whole number from 1 to 1,000 with 400', async () => {
    server = await startTestServer()
    for (const limit of ['0', 'ten', '1001', '2.5']) {
      const answer = await call(server, `/api/sync/dead-letters?limit=${limit}`)
      expect(answer.status).toBe(400)
      expect((answer.body.error as { code: string }).code).toBe('invalid_request')
    }
  })

  it('refuses a request without the admin token with 401', async () => {
    server = await startTestServer()
    expect((await call(server, '/api/sync/dead-letters', { token: null })).status).toBe(401)
    expect((await call(server, '/api/sync/dead-letters', { token: 'wrong' })).status).toBe(401)
  })
})

describe('POST /api/sync/dead-letters/replay', () => {
  it('puts every dead letter back in the outbox and wakes the sync', async () => {
    const { current, wakes } = await serverWithDeadLetters()
    server = current
    expect(await replay(current)).toEqual({ status: 200, body: { replayed: 4 } })
    expect(wakes()).toBe(1)
    expect(await current.store.deadLetterCount()).toBe(0)
    expect(await current.store.outboxSize()).toMatchObject({ contacts: 3, companies: 1 })
  })

  it('puts back only the dead letters of the entities given', async () => {
    const { current } = await serverWithDeadLetters()
    server = current
    expect(await replay(current, { entityIds: ['u-1', 'acme', 'u-unknown'] })).toEqual({
      status: 200,
      body: { replayed: 2 },
    })
    const left = await current.store.deadLetters(10)
    expect(left.map((letter) => letter.entityId)).toEqual(['u-3', 'u-2'])
    const outbox = await current.store.readOutbox('contacts', 10)
    expect(outbox.map((entry) => [entry.entityId, entry.properties])).toEqual([['u-1', { logins_last_7_days: 'lots' }]])
  })

  it('answers 0 and does not wake the sync when there is nothing to replay', async () => {
    let wakes = 0
    server = await startTestServer({ wakeSync: () => wakes++ })
    expect(await replay(server, {})).toEqual({ status: 200, body: { replayed: 0 } })
    expect(wakes).toBe(0)
  })

  it('refuses a body whose entityIds is not a list of ids with 400', async () => {
    server = await startTestServer()
    for (const body of [{ entityIds: 'u-1' }, { entityIds: [1] }, { entityIds: [''] }, { contacts: ['u-1'] }]) {
      const answer = await replay(server, body)
      expect(answer.status).toBe(400)
      expect((answer.body.error as { code: string }).code).toBe('invalid_request')
    }
  })

  it('refuses a request without the admin token with 401', async () => {
    const { current } = await serverWithDeadLetters()
    server = current
    const answer = await call(current, '/api/sync/dead-letters/replay', { method: 'POST', token: null })
    expect(answer.status).toBe(401)
    expect(await current.store.deadLetterCount()).toBe(4)
  })

  it('wakes the running sync, which sends the replayed values under the changes made since', async () => {
    // A long poll: only the wake can make the sync look at the outbox again within the test.
    const current = await startRig({ tuning: { pollIntervalMs: 60_000 } })
    await waitUntil(async () => (await current.sync.health()).provisioned, 'the properties are provisioned')
    const older = contactChange(1, { lead_score_product_usage: '10', logins_last_7_days: '1' })
    await seedDeadLetters(current.store, [older], reason, refusedAtMs)
    // A newer change, left pending (no wake) so the replay has to merge under it.
    const newer = contactChange(1, { logins_last_7_days: '5' })
    await commitOutbox(current.store, [newer])
    server = await startTestServer({ store: current.store, wakeSync: () => current.sync.wake() })
    expect((await replay(server)).body).toEqual({ replayed: 1 })
    await waitUntil(async () => (await contactsByEmail(current)).has('c1@sync.test'), 'the contact is synced', 5_000)
    expect((await contactsByEmail(current)).get('c1@sync.test')).toMatchObject({
      lead_score_product_usage: '10',
      logins_last_7_days: '5',
    })
    expect(await current.store.deadLetterCount()).toBe(0)
  })
})
