import { afterEach, describe, expect, it } from 'vitest'
import type { HubspotSimulatorOptions } from '../src/sim/hubspot/simulator-options.ts'
import { createFakeClock, type RunningSimulator, rejectionOf, startSimulator } from './hubspot-sim-harness.ts'

let sim: RunningSimulator | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})
const start = async (options: HubspotSimulatorOptions = {}): Promise<RunningSimulator> => {
  sim = await startSimulator(options)
  return sim
}
const read = (s: RunningSimulator) => s.call('GET', '/crm/v3/properties/contacts')
const search = (s: RunningSimulator) => s.call('POST', '/crm/v3/objects/contacts/search', {})

describe('answers of CRM calls', () => {
  it('carry the rate-limit headers and the JSON content type, errors included', async () => {
    const s = await start()
    for (const answer of [
      await read(s),
      await s.call('GET', '/crm/v3/objects/contacts/1'),
      await s.call('GET', '/crm/v3/owners', undefined, null),
    ]) {
      expect(answer.headers.get('content-type')).toBe('application/json;charset=utf-8')
      expect(answer.headers.get('x-hubspot-ratelimit-max')).toBe('190')
      expect(answer.headers.get('x-hubspot-ratelimit-remaining')).toMatch(/^\d+$/)
      expect(answer.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000')
      expect(answer.headers.get('x-hubspot-ratelimit-daily')).toBe('1000000')
      expect(answer.headers.get('x-hubspot-ratelimit-daily-remaining')).toMatch(/^\d+$/)
    }
  })

  it('count down the remaining budget call by call', async () => {
    const s = await start({ rateLimitPer10s: 5 })
    expect((await read(s)).headers.get('x-hubspot-ratelimit-remaining')).toBe('4')
    expect((await read(s)).headers.get('x-hubspot-ratelimit-remaining')).toBe('3')
  })

  it('answer bad JSON with a 400 VALIDATION_ERROR', async () => {
    const s = await start()
    const response = await fetch(`${s.url}/crm/v3/objects/contacts`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: '{"properties":',
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ category: 'VALIDATION_ERROR' })
  })
})

describe('authentication', () => {
  it('answers 401 INVALID_AUTHENTICATION without a bearer token', async () => {
    const s = await start()
    const answer = await s.call('GET', '/crm/v3/owners', undefined, null)
    expect(answer.status).toBe(401)
    expect(answer.body).toMatchObject({
      status: 'error',
      category: 'INVALID_AUTHENTICATION',
      correlationId: expect.any(String),
    })
  })

  it('accepts only the configured token when one is given', async () => {
    const s = await start({ token: 'pat-right' })
    expect((await s.call('GET', '/crm/v3/owners', undefined, 'pat-wrong')).status).toBe(401)
    expect((await s.call('GET', '/crm/v3/owners', undefined, 'pat-right')).status).toBe(200)
  })
})

describe('the 10-second limit', () => {
  it('answers 429 with HubSpot body TEN_SECONDLY_ROLLING once the budget is spent', async () => {
    const s = await start({ rateLimitPer10s: 2, now: createFakeClock().now })
    await read(s)
    await read(s)
    const answer = await read(s)
    expect(answer.status).toBe(429)
    expect(answer.body).toMatchObject({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    })
    expect(answer.headers.get('x-hubspot-ratelimit-remaining')).toBe('0')
  })

  it('gives the official client the 429 body with its policyName', async () => {
    const s = await start({ rateLimitPer10s: 0 })
    const error = await rejectionOf(s.hubspot.crm.properties.coreApi.getAll('contacts'))
    expect(error.code).toBe(429)
    expect(error.body.policyName).toBe('TEN_SECONDLY_ROLLING')
  })

  it('rolls: a call leaves the window 10 s after it was made', async () => {
    const clock = createFakeClock()
    const s = await start({ rateLimitPer10s: 1, now: clock.now })
    await read(s)
    clock.advance(9_999)
    expect((await read(s)).status).toBe(429)
    clock.advance(1)
    expect((await read(s)).status).toBe(200)
  })

  it('does not count calls answered 429', async () => {
    const clock = createFakeClock()
    const s = await start({ rateLimitPer10s: 1, now: clock.now })
    await read(s)
    clock.advance(5_000)
    expect((await read(s)).status).toBe(429)
    clock.advance(5_000)
    // Had the 429 at 5 s counted, it would still fill the window now.
    expect((await read(s)).status).toBe(200)
  })

  it('counts calls answered with errors (a 401 spends budget)', async () => {
    const s = await start({ rateLimitPer10s: 1, now: createFakeClock().now })
    expect((await s.call('GET', '/crm/v3/owners', undefined, null)).status).toBe(401)
    expect((await read(s)).status).toBe(429)
  })

  it('takes a lowered limit from /_sim/faults at once', async () => {
    const s = await start({ now: createFakeClock().now })
    expect((await s.call('POST', '/_sim/faults', { rateLimit: 1 })).status).toBe(200)
    const first = await read(s)
    expect(first.headers.get('x-hubspot-ratelimit-max')).toBe('1')
    expect((await read(s)).status).toBe(429)
  })
})

describe('the daily limit', () => {
  it('answers 429 with policyName DAILY once the day is spent, and resets at midnight UTC', async () => {
    const clock = createFakeClock(Date.UTC(2026, 10, 26, 23, 59, 0))
    const s = await start({ dailyLimit: 1, now: clock.now })
    expect((await read(s)).headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0')
    const answer = await read(s)
    expect(answer.status).toBe(429)
    expect(answer.body).toMatchObject({ policyName: 'DAILY', message: 'You have reached your daily limit.' })
    clock.advance(60_000)
    expect((await read(s)).status).toBe(200)
  })
})

describe('the search limit', () => {
  it('allows 4 searches per second and answers the 5th 429 with the secondly message', async () => {
    const s = await start({ now: createFakeClock().now })
    for (let i = 0; i < 4; i++) expect((await search(s)).status).toBe(200)
    const answer = await search(s)
    expect(answer.status).toBe(429)
    expect(answer.body).toMatchObject({ message: 'You have reached your secondly limit.', policyName: 'SECONDLY' })
  })

  it('keeps searches out of the 10-second budget', async () => {
    const s = await start({ rateLimitPer10s: 1, now: createFakeClock().now })
    await search(s)
    expect((await read(s)).status).toBe(200)
  })
})

describe('faults', () => {
  it('answers every CRM call 503 during an outage, before checking the token, and recovers after it', async () => {
    const clock = createFakeClock()
    const s = await start({ now: clock.now })
    await s.call('POST', '/_sim/faults', { outageSeconds: 10 })
    expect((await read(s)).status).toBe(503)
    expect((await s.call('GET', '/crm/v3/owners', undefined, null)).status).toBe(503)
    clock.advance(10_000)
    expect((await read(s)).status).toBe(200)
  })

  it('answers write calls 502 at an error rate of 1, changing nothing', async () => {
    const s = await start({ errorRate: 1 })
    const answer = await s.call('POST', '/crm/v3/objects/contacts', { properties: { email: 'a@x.test' } })
    expect(answer.status).toBe(502)
    expect(answer.body).toMatchObject({ status: 'error', correlationId: expect.any(String) })
    expect((await s.call('GET', '/_sim/objects/contacts')).body.results).toEqual([])
  })

  it('leaves read calls alone at any error rate', async () => {
    const s = await start({ errorRate: 1 })
    expect((await read(s)).status).toBe(200)
  })

  it('answers about the given share of writes 502, drawn from the injected random source', async () => {
    const draws = [0.1, 0.5, 0.3, 0.9]
    let next = 0
    const s = await start({ errorRate: 0.4, random: () => draws[next++ % draws.length] ?? 0 })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      statuses.push((await s.call('POST', '/crm/v3/properties/contacts/groups', { name: `g${i}`, label: 'G' })).status)
    }
    expect(statuses).toEqual([502, 201, 502, 201])
  })

  it('holds a timed-out call and then answers 504, changing nothing', async () => {
    const s = await start({ timeoutRate: 1, timeoutMs: 20 })
    const answer = await s.call('POST', '/crm/v3/objects/contacts', { properties: { email: 'a@x.test' } })
    expect(answer.status).toBe(504)
    expect((await s.call('GET', '/_sim/objects/contacts')).body.results).toEqual([])
  })

  it('refuses an unknown field in /_sim/faults', async () => {
    const s = await start()
    expect((await s.call('POST', '/_sim/faults', { rateLimt: 5 })).status).toBe(400)
  })
})

describe('stats', () => {
  it('count every CRM call by status, 429s included', async () => {
    const s = await start({ rateLimitPer10s: 1, now: createFakeClock().now })
    await read(s)
    await read(s)
    const stats = (await s.call('GET', '/_sim/stats')).body
    expect(stats).toEqual({ calls: 2, byStatus: { '200': 1, '429': 1 }, upsertCalls: 0, upsertRecords: 0 })
  })

  it('count batch upserts answered 200 or 207 and the inputs they carried, and no others', async () => {
    const s = await start()
    const upsert = (inputs: unknown[]) => s.call('POST', '/crm/v3/objects/contacts/batch/upsert', { inputs })
    await upsert([
      { id: 'a@x.test', idProperty: 'email', properties: {} },
      { id: 'b@x.test', idProperty: 'email', properties: {} },
    ])
    await upsert([{ id: 'c@x.test', idProperty: 'email', properties: { nope: '1' } }])
    await upsert([{ id: 'c', idProperty: 'firstname', properties: {} }])
    const stats = (await s.call('GET', '/_sim/stats')).body
    expect(stats).toMatchObject({
      calls: 3,
      byStatus: { '200': 1, '207': 1, '400': 1 },
      upsertCalls: 2,
      upsertRecords: 3,
    })
  })

  it('leave out the /_sim controls and the page, which no limit applies to', async () => {
    const s = await start({ rateLimitPer10s: 0 })
    await s.call('GET', '/_sim/objects/contacts')
    await s.call('POST', '/_sim/faults', { latencyMs: 0 })
    expect((await fetch(`${s.url}/`)).status).toBe(200)
    const stats = await s.call('GET', '/_sim/stats')
    expect(stats.status).toBe(200)
    expect(stats.body.calls).toBe(0)
  })
})

describe('closing', () => {
  it('answers a held call at once instead of waiting for its timeout', async () => {
    const s = await startSimulator({ timeoutRate: 1, timeoutMs: 600_000 })
    const held = s.call('GET', '/crm/v3/owners')
    // Closed once the call is held, however long a busy machine takes to get it there.
    while (s.heldCalls() === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    await s.close()
    expect((await held).status).toBe(504)
  })
})
