import { describe, expect, it } from 'vitest'
import type { OutboxEntry } from '../../storage/store.ts'
import type { FetchLike } from './fetch-like.ts'
import { createHubspotClient } from './hubspot-client.ts'
import { createPortalCaller } from './portal-caller.ts'
import { createRateLimiter } from './rate-limiter.ts'
import { upsertRecords } from './upsert-records.ts'

const entry = (n: number, email = `c${n}@x.test`): OutboxEntry => ({
  objectType: 'contacts',
  entityId: `u-${n}`,
  idValue: email,
  properties: { logins_last_7_days: String(n) },
  companyId: undefined,
  version: 1,
  firstChangedAtMs: 0,
  attempts: 0,
})

/** A HubSpot that refuses a whole batch (400) when it holds the poisoned email, as real HubSpot may. */
function strictHubspot(poisoned: string) {
  const batches: number[] = []
  const fetch: FetchLike = async (_url, init) => {
    const inputs = (JSON.parse(init.body ?? '{}') as { inputs: { id: string }[] }).inputs
    batches.push(inputs.length)
    const json = (status: number, body: unknown) => ({
      status,
      headers: new Headers({ 'x-hubspot-ratelimit-max': '190', 'x-hubspot-ratelimit-remaining': '150' }),
      text: async () => JSON.stringify(body),
    })
    if (inputs.some((input) => input.id === poisoned)) {
      return json(400, {
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: `Email address ${poisoned} is invalid`,
        correlationId: 'c-1',
      })
    }
    return json(200, {
      status: 'COMPLETE',
      results: inputs.map((input, i) => ({
        id: String(1000 + i + batches.length * 100),
        properties: { email: input.id },
      })),
    })
  }
  return { fetch, batches }
}

function callerFor(fetch: FetchLike) {
  const limiter = createRateLimiter({ callsPer10Seconds: 190, callsPerDay: 1_000_000, budgetShare: 0.9, now: Date.now })
  const client = createHubspotClient({ baseUrl: 'http://hubspot.test', accessToken: 't', fetch })
  const signal = new AbortController().signal
  return createPortalCaller({
    client,
    limiter,
    now: Date.now,
    pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    signal: () => signal,
    log: () => {},
    onCall: () => {},
  })
}

describe('upserting a batch', () => {
  it('bisects a batch refused as a whole down to the refused record and sends the rest', async () => {
    const hubspot = strictHubspot('bad@x.test')
    const entries = [...Array.from({ length: 7 }, (_, n) => entry(n)), entry(7, 'bad@x.test')]
    const outcome = await upsertRecords(callerFor(hubspot.fetch), 'contacts', entries)
    expect([...outcome.synced.keys()].sort()).toEqual(['u-0', 'u-1', 'u-2', 'u-3', 'u-4', 'u-5', 'u-6'])
    expect(outcome.refused).toEqual(
      new Map([['u-7', '400 VALIDATION_ERROR: Email address bad@x.test is invalid (correlationId c-1)']]),
    )
    expect(outcome.pending.size).toBe(0)
    expect(hubspot.batches).toEqual([8, 4, 4, 2, 2, 1, 1])
  })

  it('leaves every entry pending when HubSpot does not answer', async () => {
    const fetch: FetchLike = async () => {
      throw new Error('connect ECONNREFUSED')
    }
    const outcome = await upsertRecords(callerFor(fetch), 'contacts', [entry(1), entry(2)])
    expect([...outcome.pending]).toEqual(['u-1', 'u-2'])
    expect(outcome.failure?.reason).toMatch(/ECONNREFUSED/)
  })
})
