import { Analytics } from '@segment/analytics-node'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sourceIdOf } from '../src/http/write-key-auth.ts'
import { LOG_START } from '../src/storage/store.ts'
import { startTestServer, type TestServer, writeKey } from './ingest-test-server.ts'

let server: TestServer

beforeEach(async () => {
  server = await startTestServer()
})
afterEach(async () => {
  await server.close()
})

describe('ingest with @segment/analytics-node 3.1.0', () => {
  it('accepts every call type from the SDK pointed at the server with host', async () => {
    const analytics = new Analytics({ writeKey, host: server.url, flushAt: 10, flushInterval: 20 })
    const errors: unknown[] = []
    analytics.on('error', (error) => errors.push(error))
    analytics.identify({ userId: 'u-ada', traits: { email: 'ada@acme.test' } })
    analytics.group({ userId: 'u-ada', groupId: 'acme', traits: { plan: 'trial' } })
    analytics.track({ userId: 'u-ada', event: 'Signed In', properties: { method: 'sso' } })
    analytics.page({ anonymousId: 'anon-1', name: 'Pricing' })
    analytics.screen({ userId: 'u-ada', name: 'Home' })
    analytics.alias({ userId: 'u-ada', previousId: 'anon-1' })
    await analytics.closeAndFlush({ timeout: 10_000 })

    expect(errors).toEqual([])
    const stored = await server.store.readEvents(LOG_START, 100)
    expect(stored.map((row) => row.event.type)).toEqual(['identify', 'group', 'track', 'page', 'screen', 'alias'])
    expect(stored[0]?.event.traits).toEqual({ email: 'ada@acme.test' })
    expect(stored[1]?.event).toMatchObject({ groupId: 'acme', traits: { plan: 'trial' } })
    expect(stored[2]?.event).toMatchObject({ userId: 'u-ada', event: 'Signed In', properties: { method: 'sso' } })
    expect(stored[3]?.event).toMatchObject({ anonymousId: 'anon-1', name: 'Pricing' })
    expect(stored[5]?.event).toMatchObject({ previousId: 'anon-1' })
    expect(stored.every((row) => row.event.messageId.startsWith('node-next-'))).toBe(true)
  })

  it('stores the events under an id derived from the write key, never the key itself', async () => {
    const analytics = new Analytics({ writeKey, host: server.url, flushAt: 1 })
    analytics.track({ userId: 'u1', event: 'Signed In' })
    await analytics.closeAndFlush({ timeout: 10_000 })
    const [row] = await server.store.readEvents(LOG_START, 10)
    expect(row?.source).toBe(sourceIdOf(writeKey))
    expect(row?.source).not.toContain(writeKey)
  })

  it('takes the SDK timestamps, corrected with its sentAt, as the event times', async () => {
    const analytics = new Analytics({ writeKey, host: server.url, flushAt: 1 })
    const clientTime = new Date(Date.now() - 3_600_000)
    analytics.track({ userId: 'u1', event: 'Signed In', timestamp: clientTime })
    await analytics.closeAndFlush({ timeout: 10_000 })
    const [row] = await server.store.readEvents(LOG_START, 10)
    // The server's clock says 2026-11-26T16:00Z; the event happened about an hour before it reached the server.
    const hourBefore = Date.parse('2026-11-26T15:00:00.000Z')
    expect(Math.abs((row?.event.timestampMs ?? 0) - hourBefore)).toBeLessThan(10_000)
  })
})
