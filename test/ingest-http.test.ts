import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LOG_START } from '../src/storage/store.ts'
import {
  type Answer,
  basicAuth,
  otherWriteKey,
  receivedAtMs,
  startTestServer,
  type TestServer,
  writeKey,
} from './ingest-test-server.ts'

let server: TestServer

beforeEach(async () => {
  server = await startTestServer()
})
afterEach(async () => {
  await server.close()
})

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basicAuth(writeKey), ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Answer['body'] }
}

const track = (messageId: string, userId = 'u1') => ({ type: 'track', userId, event: 'Signed In', messageId })

async function storedMessageIds(): Promise<string[]> {
  return (await server.store.readEvents(LOG_START, 10_000)).map((row) => row.event.messageId)
}

describe('POST /v1/batch', () => {
  it('stores a valid batch and says how many were accepted', async () => {
    const answer = await post('/v1/batch', { batch: [track('m1'), track('m2')] })
    expect(answer).toEqual({ status: 200, body: { success: true, accepted: 2, duplicates: 0, rejected: [] } })
    expect(await storedMessageIds()).toEqual(['m1', 'm2'])
  })

  it('accepts the valid messages beside an invalid one and says why that one was rejected', async () => {
    const answer = await post('/v1/batch', {
      batch: [track('m1'), { type: 'track', event: 'Signed In', messageId: 'no-user' }, track('m3')],
    })
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({
      success: true,
      accepted: 2,
      duplicates: 0,
      rejected: [
        {
          index: 1,
          messageId: 'no-user',
          code: 'no_user_anon_id',
          message: 'a message needs a userId or an anonymousId',
        },
      ],
    })
    expect(await storedMessageIds()).toEqual(['m1', 'm3'])
  })

  it('rejects an identify whose email is not an email address, saying so, and keeps the others', async () => {
    const identify = { type: 'identify', userId: 'u1', traits: { email: 'not an email' }, messageId: 'bad-email' }
    const answer = await post('/v1/batch', { batch: [identify, track('m2')] })
    expect(answer.body.rejected).toEqual([
      {
        index: 0,
        messageId: 'bad-email',
        code: 'invalid_field',
        message: 'traits.email "not an email" is not an email address',
      },
    ])
    expect(await storedMessageIds()).toEqual(['m2'])
  })

  it('rejects a message over 32 KB on its own', async () => {
    const big = { ...track('big'), properties: { blob: 'x'.repeat(40_000) } }
    const answer = await post('/v1/batch', { batch: [big, track('small')] })
    expect(answer.status).toBe(200)
    expect(answer.body.rejected).toMatchObject([{ index: 0, messageId: 'big', code: 'message_too_large' }])
    expect(await storedMessageIds()).toEqual(['small'])
  })

  it('rejects a message nested too deep to store, and keeps the others', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`
    const body = `{"batch":[{"type":"track","userId":"u1","event":"E","messageId":"deep","properties":{"x":${deep}}},${JSON.stringify(track('flat'))}]}`
    const answer = await post('/v1/batch', body)
    expect(answer.status).toBe(200)
    expect(answer.body.rejected).toMatchObject([{ index: 0, messageId: 'deep', code: 'message_too_deep' }])
    expect(await storedMessageIds()).toEqual(['flat'])
  })

  it('answers a batch of 100,000 tiny messages in a short answer: the ones past 2,500 rejected in one entry', async () => {
    const body = `{"batch":[${JSON.stringify(track('first'))}${',0'.repeat(99_999)}]}`
    const response = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { authorization: basicAuth(writeKey) },
      body,
    })
    const text = await response.text()
    // At most 2,500 entries of about 80 bytes: it was one per message, 9 MB here.
    expect(text.length).toBeLessThan(300_000)
    const answer = JSON.parse(text) as { accepted: number; rejected: { index: number; count?: number }[] }
    expect(answer.accepted).toBe(1)
    expect(answer.rejected).toHaveLength(2500)
    expect(answer.rejected.at(-1)).toMatchObject({ index: 2500, count: 97_500, code: 'too_many_messages' })
  })

  it('acknowledges a repeated messageId without storing it again', async () => {
    await post('/v1/batch', { batch: [track('dup-1')] })
    const again = await post('/v1/batch', { batch: [track('dup-1'), track('new-1')] })
    expect(again).toEqual({ status: 200, body: { success: true, accepted: 1, duplicates: 1, rejected: [] } })
    expect(await storedMessageIds()).toEqual(['dup-1', 'new-1'])
  })

  it('stores the same messageId again under another write key', async () => {
    await post('/v1/batch', { batch: [track('shared-1')] })
    const other = await post('/v1/batch', { batch: [track('shared-1')] }, { authorization: basicAuth(otherWriteKey) })
    expect(other.body).toMatchObject({ accepted: 1, duplicates: 0 })
    expect(await storedMessageIds()).toEqual(['shared-1', 'shared-1'])
  })

  it('gives a messageId to a message without one', async () => {
    await post('/v1/batch', { batch: [{ type: 'track', userId: 'u1', event: 'Signed In' }] })
    expect(await storedMessageIds()).toEqual(['generated-1'])
  })

  it('corrects event times with the batch sentAt', async () => {
    await post('/v1/batch', {
      batch: [{ ...track('skewed'), timestamp: '2030-01-01T11:59:00.000Z' }],
      sentAt: '2030-01-01T12:00:00.000Z',
    })
    const [row] = await server.store.readEvents(LOG_START, 10)
    expect(row?.event.timestampMs).toBe(receivedAtMs - 60_000)
    expect(row?.event.receivedAtMs).toBe(receivedAtMs)
  })

  it('reads gzipped JSON labelled as a form, as RudderStack sends it', async () => {
    const body = gzipSync(JSON.stringify({ batch: [track('gz-1')], sentAt: '2026-11-26T16:00:00.000Z' }))
    const answer = await post('/v1/batch', body, {
      'content-type': 'application/x-www-form-urlencoded',
      'content-encoding': 'gzip',
    })
    expect(answer).toMatchObject({ status: 200, body: { accepted: 1 } })
    expect(await storedMessageIds()).toEqual(['gz-1'])
  })

  it('reads a body sent without a Content-Type', async () => {
    const response = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { authorization: basicAuth(writeKey) },
      body: new TextEncoder().encode(JSON.stringify({ batch: [track('plain-1')] })),
    })
    expect(response.status).toBe(200)
    expect(await storedMessageIds()).toEqual(['plain-1'])
  })

  it('answers an empty batch with nothing accepted', async () => {
    const answer = await post('/v1/batch', { batch: [] })
    expect(answer).toEqual({ status: 200, body: { success: true, accepted: 0, duplicates: 0, rejected: [] } })
  })

  it('wakes the processor after storing events, and not when nothing new was stored', async () => {
    await post('/v1/batch', { batch: [track('w-1')] })
    expect(server.wakeCount()).toBe(1)
    await post('/v1/batch', { batch: [track('w-1'), { type: 'track', userId: 'u1' }] })
    expect(server.wakeCount()).toBe(1)
  })
})

describe('write keys', () => {
  it('accepts the key as the HTTP Basic user name only', async () => {
    const answer = await post('/v1/batch', { batch: [track('basic-1')] })
    expect(answer.status).toBe(200)
  })

  it('accepts the key in the body only', async () => {
    const answer = await post('/v1/batch', { batch: [track('body-1')], writeKey }, { authorization: '' })
    expect(answer.status).toBe(200)
    expect(await storedMessageIds()).toEqual(['body-1'])
  })

  it('accepts the key in the body beside an OAuth bearer token', async () => {
    const answer = await post('/v1/track', { ...track('oauth-1'), writeKey }, { authorization: 'Bearer some-jwt' })
    expect(answer.status).toBe(200)
  })

  it('refuses an unknown key with 401 and stores nothing', async () => {
    const answer = await post('/v1/batch', { batch: [track('m1')] }, { authorization: basicAuth('not-a-key') })
    expect(answer.status).toBe(401)
    expect(answer.body.error?.code).toBe('unauthorized')
    expect(typeof answer.body.error?.message).toBe('string')
    expect(await storedMessageIds()).toEqual([])
  })

  it('refuses an unknown key in the header before reading the body: no decompression, no parsing', async () => {
    const headers = { authorization: basicAuth('not-a-key'), 'content-encoding': 'gzip' }
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, ' '))
    for (const path of ['/v1/batch', '/v1/track']) {
      expect((await post(path, bomb, headers)).body.error?.code).toBe('unauthorized')
      expect((await post(path, 'not json at all', { authorization: basicAuth('not-a-key') })).status).toBe(401)
    }
  })

  it('refuses an unknown key in the body with 401', async () => {
    const answer = await post('/v1/batch', { batch: [track('m1')], writeKey: 'nope' }, { authorization: '' })
    expect(answer.status).toBe(401)
  })

  it('refuses a request without any key with 401', async () => {
    const answer = await post('/v1/batch', { batch: [track('m1')] }, { authorization: '' })
    expect(answer.status).toBe(401)
    expect(answer.body.error?.code).toBe('unauthorized')
  })
})

describe('bad requests', () => {
  it('answers unparsable JSON with 400 invalid_json', async () => {
    const answer = await post('/v1/batch', '{"batch": [')
    expect(answer.status).toBe(400)
    expect(answer.body.error?.code).toBe('invalid_json')
  })

  it('answers an empty body with 400 invalid_json', async () => {
    const answer = await post('/v1/batch', '')
    expect(answer.status).toBe(400)
    expect(answer.body.error?.code).toBe('invalid_json')
  })

  it('answers a body over 500 KB with 413 and stores nothing', async () => {
    const body = { batch: [{ ...track('huge'), properties: { blob: 'x'.repeat(600_000) } }] }
    const answer = await post('/v1/batch', body)
    expect(answer.status).toBe(413)
    expect(answer.body.error?.code).toBe('payload_too_large')
    expect(await storedMessageIds()).toEqual([])
  })

  it('answers a gzipped body over 500 KB once decompressed with 413', async () => {
    const body = gzipSync(JSON.stringify({ batch: [{ ...track('bomb'), properties: { blob: 'x'.repeat(600_000) } }] }))
    expect(body.length).toBeLessThan(10_000)
    const answer = await post('/v1/batch', body, { 'content-encoding': 'gzip' })
    expect(answer.status).toBe(413)
    expect(answer.body.error?.code).toBe('payload_too_large')
  })

  it('answers a body that claims gzip but is not with 400', async () => {
    const answer = await post('/v1/batch', JSON.stringify({ batch: [] }), { 'content-encoding': 'gzip' })
    expect(answer.status).toBe(400)
    expect(answer.body.error?.code).toBe('invalid_json')
  })

  it('reads invalid UTF-8 as U+FFFD and keeps the rest of the message', async () => {
    const body = Buffer.concat([
      Buffer.from('{"batch":[{"type":"track","userId":"u1","event":"E","messageId":"bad-bytes","properties":{"s":"a'),
      Buffer.from([0xff, 0xc3]),
      Buffer.from(`"}},${JSON.stringify(track('clean'))}]}`),
    ])
    const answer = await post('/v1/batch', body)
    expect(answer.body).toMatchObject({ accepted: 2, rejected: [] })
    const [row] = await server.store.readEvents(LOG_START, 10)
    expect(row?.event.properties).toEqual({ s: 'a\ufffd\ufffd' })
  })

  it('rejects a message that invalid UTF-8 takes over 32 KB once read (one byte becomes three)', async () => {
    const message = (messageId: string) =>
      Buffer.concat([
        Buffer.from(`{"type":"track","userId":"u1","event":"E","messageId":"${messageId}","properties":{"s":"`),
        Buffer.alloc(20_000, 0xff),
        Buffer.from('"}}'),
      ])
    const batch = Buffer.concat([Buffer.from('{"batch":['), message('grown'), Buffer.from(']}')])
    expect((await post('/v1/batch', batch)).body.rejected).toMatchObject([{ index: 0, code: 'message_too_large' }])
    expect((await post('/v1/track', message('grown-call'))).body.error?.reason).toBe('message_too_large')
    expect(await storedMessageIds()).toEqual([])
  })

  it('answers an unknown Content-Encoding with 415', async () => {
    const answer = await post('/v1/batch', JSON.stringify({ batch: [] }), { 'content-encoding': 'zstd' })
    expect(answer.status).toBe(415)
    expect(answer.body.error?.code).toBe('unsupported_media_type')
  })

  it('reads a body that starts with a byte-order mark', async () => {
    const answer = await post('/v1/batch', `\ufeff${JSON.stringify({ batch: [track('bom-1')] })}`)
    expect(answer.status).toBe(200)
    expect(await storedMessageIds()).toEqual(['bom-1'])
  })

  it('answers a body whose batch is not an array with 400 invalid_request', async () => {
    const answer = await post('/v1/batch', { batch: 'nope' })
    expect(answer.status).toBe(400)
    expect(answer.body.error).toEqual({ code: 'invalid_request', message: 'batch must be an array of messages' })
  })

  it('answers a JSON body that is not an object with 400', async () => {
    const answer = await post('/v1/batch', '[1, 2]')
    expect(answer.status).toBe(400)
    expect(answer.body.error?.code).toBe('invalid_request')
  })

  it('ignores a __proto__ key in the body', async () => {
    const answer = await post(
      '/v1/batch',
      `{"batch":[{"type":"track","userId":"u1","event":"E","messageId":"p1","properties":{"__proto__":{"polluted":true},"ok":1}}]}`,
    )
    expect(answer.status).toBe(200)
    const [row] = await server.store.readEvents(LOG_START, 10)
    expect(row?.event.properties).toEqual({ ok: 1 })
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
  })

  it('ignores a __proto__ key spelt with JSON escapes, wherever it is', async () => {
    const spellings = [
      String.raw`\u005f_proto__`,
      String.raw`\u005F\u005Fproto\u005F\u005F`,
      String.raw`__pr\u006fto__`,
      String.raw`__\u0070\u0072o\u0074o__`,
    ]
    for (const [index, key] of spellings.entries()) {
      const messageId = `escaped-${index}`
      const answer = await post(
        '/v1/batch',
        `{"${key}":{"polluted":true},"batch":[{"${key}":{"polluted":true},"type":"identify","userId":"u1","messageId":"${messageId}","traits":{"${key}":{"polluted":true},"plan":"pro","nested":{"${key}":{"polluted":true},"ok":1}}}]}`,
      )
      expect(answer.status).toBe(200)
      expect(answer.body.accepted).toBe(1)
      const stored = (await server.store.readEvents(LOG_START, 10)).find((row) => row.event.messageId === messageId)
      expect(stored?.event.traits).toEqual({ plan: 'pro', nested: { ok: 1 } })
      expect(Object.getOwnPropertyNames(stored?.event.traits)).toEqual(['plan', 'nested'])
    }
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
  })

  it('keeps JSON escapes that spell other text', async () => {
    const body = String.raw`{"batch":[{"type":"track","userId":"u\u0031","event":"Caf\u00e9 \ud83d\ude00","messageId":"m1","properties":{"\u005f_proto_":"kept"}}]}`
    const answer = await post('/v1/batch', body)
    expect(answer.status).toBe(200)
    const [row] = await server.store.readEvents(LOG_START, 10)
    expect(row?.event).toMatchObject({ userId: 'u1', event: 'Café 😀', properties: { __proto_: 'kept' } })
  })

  it('answers an unknown path with 404 in the error shape', async () => {
    const answer = await post('/v1/nothing', {})
    expect(answer.status).toBe(404)
    expect(answer.body.error?.code).toBe('not_found')
  })

  it('answers 503 storage_failure when the store cannot write', async () => {
    await server.store.close()
    const answer = await post('/v1/batch', { batch: [track('lost')] })
    expect(answer.status).toBe(503)
    expect(answer.body.error?.code).toBe('storage_failure')
  })
})

describe('single calls', () => {
  it.each([
    ['/v1/track', { userId: 'u1', event: 'Signed In' }, 'track'],
    ['/v1/identify', { userId: 'u1', traits: { email: 'a@b.c' } }, 'identify'],
    ['/v1/group', { userId: 'u1', groupId: 'acme' }, 'group'],
    ['/v1/page', { anonymousId: 'a1', name: 'Home' }, 'page'],
    ['/v1/screen', { userId: 'u1', name: 'Home' }, 'screen'],
    ['/v1/alias', { userId: 'u1', previousId: 'a1' }, 'alias'],
  ])('stores a %s call with the type of its route', async (path, message, type) => {
    const answer = await post(path, message)
    expect(answer).toEqual({ status: 200, body: { success: true, accepted: 1, duplicates: 0, rejected: [] } })
    const [row] = await server.store.readEvents(LOG_START, 10)
    expect(row?.event.type).toBe(type)
  })

  it('answers an invalid single call with 400 and the reason', async () => {
    const answer = await post('/v1/track', { userId: 'u1' })
    expect(answer).toEqual({
      status: 400,
      body: {
        error: { code: 'invalid_message', message: 'a track call needs an event name', reason: 'missing_event' },
      },
    })
  })

  it('answers a single call over 32 KB with 400', async () => {
    const answer = await post('/v1/track', { userId: 'u1', event: 'E', properties: { blob: 'x'.repeat(40_000) } })
    expect(answer.status).toBe(400)
    expect(answer.body.error?.reason).toBe('message_too_large')
  })

  it('acknowledges a repeated single call as a duplicate', async () => {
    await post('/v1/track', track('single-1'))
    const again = await post('/v1/track', track('single-1'))
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 })
  })
})

describe('GET /healthz', () => {
  it('answers 200 {"ok":true} when the service can take events', async () => {
    const response = await fetch(`${server.url}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ok: true })
  })

  it('answers 503 with Retry-After and the reason when the service cannot take events', async () => {
    const notReady = await startTestServer({ readiness: async () => ({ ok: false, message: 'the disk is full' }) })
    try {
      const response = await fetch(`${notReady.url}/healthz`)
      expect(response.status).toBe(503)
      expect(response.headers.get('retry-after')).toBe('5')
      expect(await response.json()).toEqual({
        ok: false,
        error: { code: 'storage_failure', message: 'the disk is full' },
      })
    } finally {
      await notReady.close()
    }
  })
})
