import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HistoryEntryJson } from '../src/http/score-json.ts'
import { loadModel } from '../src/load-model.ts'
import { createProcessor } from '../src/pipeline/processor.ts'
import type { ScoreResult } from '../src/scoring/score-result.ts'
import {
  type Answer,
  adminToken,
  basicAuth,
  receivedAtMs,
  startTestServer,
  type TestServer,
  writeKey,
} from './ingest-test-server.ts'

let server: TestServer

const score: ScoreResult = {
  value: 35,
  label: 'cold',
  reasons: [
    { rule: 'has_completed_onboarding', points: 20 },
    { rule: 'logins_last_7_days', points: 15, values: { logins_last_7_days: 3 } },
  ],
}
const updatedAtMs = Date.parse('2026-11-26T16:00:00.000Z')

beforeAll(async () => {
  server = await startTestServer()
  await server.store.commit({
    contacts: [
      {
        id: 'u-ada',
        userId: 'u-ada',
        email: 'ada@acme.test',
        companyId: 'acme',
        state: {},
        values: { logins_last_7_days: 3, has_completed_onboarding: true, days_since_last_login: 0 },
        scores: { lead_score_product_usage: score },
        nextChangeAtMs: null,
        updatedAtMs,
      },
      {
        id: 'anon:a1',
        userId: undefined,
        email: undefined,
        companyId: undefined,
        state: {},
        values: {},
        scores: {},
        nextChangeAtMs: null,
        updatedAtMs,
      },
    ],
    companies: [
      {
        id: 'acme',
        name: 'Acme',
        state: {},
        values: { active_users_count: 2, plan_type: 'trial' },
        scores: {},
        nextChangeAtMs: null,
        updatedAtMs,
      },
    ],
    deletedContactIds: [],
    identities: [],
    history: [
      {
        entityKind: 'contact',
        entityId: 'u-ada',
        atMs: updatedAtMs - 60_000,
        score: 'lead_score_product_usage',
        from: null,
        to: 20,
        label: 'cold',
        cause: 'event',
        reasons: [{ rule: 'has_completed_onboarding', points: 20 }],
        step: {
          events: [
            {
              messageId: 'm-onboarding',
              type: 'track',
              event: 'Onboarding Completed',
              timestampMs: updatedAtMs - 90_000,
            },
          ],
          eventsOmitted: 0,
          propertyChanges: [{ property: 'has_completed_onboarding', from: null, to: true }],
          segments: [],
        },
      },
      {
        entityKind: 'contact',
        entityId: 'u-ada',
        atMs: updatedAtMs,
        score: 'lead_score_product_usage',
        from: 20,
        to: 35,
        label: 'cold',
        cause: 'time',
        reasons: score.reasons,
      },
    ],
    outbox: [],
  })
})
afterAll(async () => {
  await server.close()
})

async function get(path: string, token: string | null = adminToken): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  })
  return { status: response.status, body: (await response.json()) as Answer['body'] }
}

describe('read API authorisation', () => {
  it('refuses a request without the admin token with 401', async () => {
    const answer = await get('/api/contacts/u-ada', null)
    expect(answer.status).toBe(401)
    expect(answer.body.error?.code).toBe('unauthorized')
  })

  it('refuses a wrong admin token with 401', async () => {
    expect((await get('/api/contacts/u-ada', 'admin_tes')).status).toBe(401)
    expect((await get('/api/companies/acme', `${adminToken}x`)).status).toBe(401)
  })

  it('refuses the admin token sent as Basic auth', async () => {
    const response = await fetch(`${server.url}/api/contacts/u-ada`, {
      headers: { authorization: `Basic ${Buffer.from(`${adminToken}:`).toString('base64')}` },
    })
    expect(response.status).toBe(401)
  })
})

describe('GET /api/contacts/{key}', () => {
  const ada = {
    email: 'ada@acme.test',
    userId: 'u-ada',
    companyId: 'acme',
    properties: { logins_last_7_days: 3, has_completed_onboarding: true, days_since_last_login: 0 },
    scores: { lead_score_product_usage: score },
    updatedAt: '2026-11-26T16:00:00.000Z',
  }

  it('finds a contact by email', async () => {
    expect(await get('/api/contacts/ada%40acme.test')).toEqual({ status: 200, body: ada })
  })

  it('finds a contact by email whatever its case', async () => {
    expect((await get('/api/contacts/Ada%40Acme.test')).body.userId).toBe('u-ada')
  })

  it('finds a contact by userId', async () => {
    expect(await get('/api/contacts/u-ada')).toEqual({ status: 200, body: ada })
  })

  it('answers 404 in the error shape for an unknown contact', async () => {
    const answer = await get('/api/contacts/nobody%40nowhere.test')
    expect(answer.status).toBe(404)
    expect(answer.body.error?.code).toBe('not_found')
  })
})

describe('GET /api/contacts/{key}/history', () => {
  it('lists every score change, oldest first, with its delta and what its step changed', async () => {
    const answer = await get('/api/contacts/ada%40acme.test/history')
    expect(answer).toEqual({
      status: 200,
      body: {
        history: [
          {
            at: '2026-11-26T15:59:00.000Z',
            score: 'lead_score_product_usage',
            from: null,
            to: 20,
            label: 'cold',
            cause: 'event',
            reasons: [{ rule: 'has_completed_onboarding', points: 20 }],
            delta: 20,
            events: [
              {
                messageId: 'm-onboarding',
                type: 'track',
                event: 'Onboarding Completed',
                timestamp: '2026-11-26T15:58:30.000Z',
              },
            ],
            eventsOmitted: 0,
            propertyChanges: [{ property: 'has_completed_onboarding', from: null, to: true }],
            segments: [],
          },
          {
            at: '2026-11-26T16:00:00.000Z',
            score: 'lead_score_product_usage',
            from: 20,
            to: 35,
            label: 'cold',
            cause: 'time',
            reasons: score.reasons,
            delta: 15,
            events: [],
            eventsOmitted: 0,
            propertyChanges: [],
            segments: [],
          },
        ],
      },
    })
  })

  it('answers 404 for an unknown contact', async () => {
    expect((await get('/api/contacts/u-nobody/history')).status).toBe(404)
  })

  it('names the ingested event that changed a score, and the property it set', async () => {
    const ingested = await startTestServer()
    const processor = createProcessor({ store: ingested.store, model: loadModel(undefined), now: () => receivedAtMs })
    await processor.start()
    await fetch(`${ingested.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basicAuth(writeKey) },
      body: JSON.stringify({
        batch: [{ type: 'track', userId: 'u-eve', event: 'Integration Connected', messageId: 'm-integration' }],
      }),
    })
    await processor.idle()
    const response = await fetch(`${ingested.url}/api/contacts/u-eve/history`, {
      headers: { authorization: `Bearer ${adminToken}` },
    })
    const { history } = (await response.json()) as { history: HistoryEntryJson[] }
    // Stopped only after a request: `stop` right after `idle` can find the loop not yet asleep and wait out its sleep.
    await processor.stop()
    await ingested.close()
    expect(history).toMatchObject([
      {
        from: null,
        to: 15,
        delta: 15,
        cause: 'event',
        events: [{ messageId: 'm-integration', type: 'track', event: 'Integration Connected' }],
        // A new contact's values before its events are those of a contact with none.
        propertyChanges: [{ property: 'integration_connected', from: false, to: true }],
        segments: [],
      },
    ])
  })
})

describe('GET /api/companies/{groupId}', () => {
  it('answers the company with its properties and scores', async () => {
    expect(await get('/api/companies/acme')).toEqual({
      status: 200,
      body: {
        groupId: 'acme',
        name: 'Acme',
        properties: { active_users_count: 2, plan_type: 'trial' },
        scores: {},
        updatedAt: '2026-11-26T16:00:00.000Z',
      },
    })
  })

  it('answers 404 for an unknown company', async () => {
    const answer = await get('/api/companies/nope')
    expect(answer.status).toBe(404)
    expect(answer.body.error?.code).toBe('not_found')
  })
})
