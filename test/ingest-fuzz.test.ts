import { connect } from 'node:net'
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorCodes } from '../src/errors.ts'
import type { EventType } from '../src/events/event.ts'
import { maxMessageBytes, maxRequestBytes } from '../src/events/segment-limits.ts'
import { httpStatusByCode } from '../src/http/error-status.ts'
import { LOG_START } from '../src/storage/store.ts'
import { deflateBomb, gzipBomb } from './compression-bombs.ts'
import { expectRejection, expectValidEvent } from './event-invariants.ts'
import { type FuzzRequest, validMessage } from './fuzz-request.ts'
import { fuzzRuns, fuzzTimeoutMs } from './fuzz-runs.ts'
import { fuzzRequest, listedRequests } from './ingest-fuzz-requests.ts'
import {
  basicAuth,
  otherWriteKey,
  receivedAtMs,
  startTestServer,
  type TestServer,
  writeKey,
} from './ingest-test-server.ts'
import { heapAfterGc, MB, peakRssGrowth } from './memory-use.ts'
import { eventTypes, prototypeNames } from './segment-arbitraries.ts'

let server: TestServer
/** messageIds of the valid messages whose request was answered 2xx: each must be stored exactly once. */
const acknowledgedValidIds: string[] = []
/** Events the server said it stored, over the whole run. */
let acceptedTotal = 0

interface Reply {
  status: number
  body: Record<string, unknown>
}

/** Sends a request; a hang fails the test instead of stalling it. */
async function send(request: Pick<FuzzRequest, 'path' | 'headers' | 'body'>): Promise<Reply> {
  const response = await fetch(`${server.url}${request.path}`, {
    method: 'POST',
    headers: { authorization: basicAuth(writeKey), ...request.headers },
    body: request.body,
    signal: AbortSignal.timeout(20_000),
  })
  return { status: response.status, body: JSON.parse(await response.text()) as Record<string, unknown> }
}

function checkErrorAnswer(reply: Reply, context: string): void {
  expect(reply.status, context).toBeLessThan(500)
  const error = reply.body.error as { code: (typeof errorCodes)[number]; message: string; reason?: string }
  expect(errorCodes, context).toContain(error.code)
  expect(httpStatusByCode[error.code], context).toBe(reply.status)
  expect(error.message, context).toEqual(expect.any(String))
  if (error.reason !== undefined) expectRejection({ code: error.reason, message: error.message })
}

interface Rejected {
  index: number
  messageId?: string
  code: string
  message: string
  count?: number
}

/** A 200 accounts for every message: stored, a duplicate, or rejected with a code and words. */
function checkAcceptedAnswer(request: FuzzRequest, reply: Reply, context: string): void {
  const { accepted, duplicates, rejected } = reply.body as {
    accepted: number
    duplicates: number
    rejected: Rejected[]
  }
  for (const rejection of rejected) expectRejection(rejection)
  if (request.messageCount !== undefined) {
    const rejectedCount = rejected.reduce((sum, rejection) => sum + (rejection.count ?? 1), 0)
    expect(accepted + duplicates + rejectedCount, context).toBe(request.messageCount)
  }
  for (const [index, verdict] of Object.entries(request.expectVerdicts ?? {})) {
    const rejection = rejected.find((each) => each.index === Number(index))
    expect(rejection?.code ?? 'accepted', `message ${index} of ${context}`).toBe(verdict)
  }
  expect(
    rejected.filter((rejection) => request.validIds.includes(rejection.messageId ?? '')),
    context,
  ).toEqual([])
  acceptedTotal += accepted
  acknowledgedValidIds.push(...request.validIds)
}

/** An answer is a 200 that accounts for every message, or a 4xx `{"error":{"code","message"}}`: never a 5xx. */
function checkAnswer(request: FuzzRequest, reply: Reply): void {
  const context = `${request.kind} → ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`
  if (request.expectStatus !== undefined) expect(reply.status, context).toBe(request.expectStatus)
  if (reply.status >= 400) checkErrorAnswer(reply, context)
  else {
    expect(reply.status, context).toBe(200)
    checkAcceptedAnswer(request, reply, context)
  }
}

/** One valid message, to each route in turn, between the bad requests. */
async function sendValid(): Promise<void> {
  const route = (['batch', ...eventTypes] as const)[acknowledgedValidIds.length % 7] ?? 'batch'
  const message = validMessage(route === 'batch' ? 'track' : (route as EventType))
  const request: FuzzRequest = {
    kind: `valid ${route}`,
    path: `/v1/${route}`,
    headers: {},
    body: JSON.stringify(route === 'batch' ? { batch: [message] } : message),
    validIds: [message.messageId],
    expectStatus: 200,
  }
  const reply = await send(request)
  expect(reply.body, request.kind).toMatchObject({ accepted: 1, rejected: [] })
  checkAnswer(request, reply)
}

/** Writes raw bytes to the server and hangs up; resolves with whatever came back. */
function sendRaw(bytes: string, hangUp: 'end' | 'destroy'): Promise<string> {
  return new Promise((resolve) => {
    const url = new URL(server.url)
    const socket = connect(Number(url.port), url.hostname)
    let answer = ''
    const finish = () => {
      socket.destroy()
      resolve(answer)
    }
    socket.setTimeout(5_000, finish)
    socket.on('data', (chunk) => {
      answer += chunk.toString()
    })
    socket.on('error', finish)
    socket.on('close', finish)
    socket.write(bytes, () => (hangUp === 'end' ? socket.end() : setTimeout(() => socket.destroy(), 20)))
  })
}

describe('the ingest API under generated bad input, through the real server and store', () => {
  let heapBeforeBytes = 0

  beforeAll(async () => {
    server = await startTestServer()
    // Warm up, so that what stays allocated after the run is what the run left, not what starting up took.
    for (let i = 0; i < 21; i++) await sendValid()
    heapBeforeBytes = heapAfterGc()
  })
  afterAll(async () => {
    await server.close()
  })

  // First, while no generated message can have taken one of these messageIds already.
  it('takes every Object.prototype name as a messageId once, and acknowledges it again as a duplicate', async () => {
    for (const key of [writeKey, otherWriteKey]) {
      const batch = prototypeNames.map((name) => ({ ...validMessage(), messageId: name }))
      const headers = { authorization: basicAuth(key) }
      const first = await send({ path: '/v1/batch', headers, body: JSON.stringify({ batch }) })
      expect(first.body).toMatchObject({ accepted: prototypeNames.length, duplicates: 0, rejected: [] })
      acceptedTotal += first.body.accepted as number
      const again = await send({ path: '/v1/batch', headers, body: JSON.stringify({ batch }) })
      expect(again.body).toMatchObject({ accepted: 0, duplicates: prototypeNames.length, rejected: [] })
    }
  })

  it('answers each listed bad input with a 200 accounting for each message or a clear 4xx, valid ones between', async () => {
    for (const [index, request] of listedRequests().entries()) {
      checkAnswer(request, await send(request))
      // Most carry a valid message beside the bad one already.
      if (index % 5 === 0) await sendValid()
    }
  })

  it(
    'answers every generated request with a 200 accounting for each message or a clear 4xx, valid ones between',
    async () => {
      await fc.assert(
        fc.asyncProperty(fuzzRequest, async (request) => {
          checkAnswer(request, await send(request))
          await sendValid()
        }),
        fuzzRuns(60, { ciTimeLimitMs: 40_000 }),
      )
    },
    fuzzTimeoutMs(60_000),
  )

  it.each([1, 50, 400])(
    'answers a gzip bomb of %i MB with 413 before inflating it, in bounded memory',
    async (megabytes) => {
      const body = gzipBomb(megabytes)
      expect(body.length).toBeLessThan(maxRequestBytes)
      let reply: Reply | undefined
      const growth = await peakRssGrowth(async () => {
        reply = await send({ path: '/v1/batch', headers: { 'content-encoding': 'gzip' }, body })
      })
      expect(reply?.status).toBe(megabytes * MB > maxRequestBytes ? 413 : 200)
      expect(growth).toBeLessThan(64 * MB)
      await sendValid()
    },
  )

  it('answers a deflate bomb with 413, and reads a gzipped body just under the limit', async () => {
    const bomb = await deflateBomb(20)
    const growth = await peakRssGrowth(async () => {
      const reply = await send({ path: '/v1/track', headers: { 'content-encoding': 'deflate' }, body: bomb })
      checkAnswer({ kind: 'deflate bomb', path: '', headers: {}, body: '', validIds: [], expectStatus: 413 }, reply)
    })
    expect(growth).toBeLessThan(64 * MB)
    const valid = validMessage()
    const text = JSON.stringify({ batch: [valid] })
    const padded = `${text.slice(0, -1)}${' '.repeat(maxRequestBytes - text.length - 1)}}`
    const request: FuzzRequest = {
      kind: 'gzip just under the limit',
      path: '/v1/batch',
      headers: { 'content-encoding': 'gzip' },
      body: gzipSync(padded),
      validIds: [valid.messageId],
      expectStatus: 200,
    }
    checkAnswer(request, await send(request))
  })

  it('rejects only the message nesting 10,000 deep when the body also has a __proto__ key', async () => {
    const deep = `{"type":"track","userId":"u","event":"E","properties":{"__proto__":1,"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`
    const valid = validMessage()
    const reply = await send({ path: '/v1/batch', headers: {}, body: `{"batch":[${deep},${JSON.stringify(valid)}]}` })
    expect(reply.body).toMatchObject({ accepted: 1, rejected: [{ index: 0, code: 'message_too_deep' }] })
    acceptedTotal += 1
    acknowledgedValidIds.push(valid.messageId)
  })

  it('stays up when clients send broken HTTP or hang up in the middle of a body', async () => {
    const head = (extra: string) =>
      `POST /v1/batch HTTP/1.1\r\nHost: x\r\nAuthorization: ${basicAuth(writeKey)}\r\n${extra}\r\n`
    const cases: [string, 'end' | 'destroy'][] = [
      [`${head('Content-Length: 1000\r\n')}{"batch":[`, 'end'],
      [`${head('Content-Length: 1000\r\n')}{"batch":[`, 'destroy'],
      [`${head('Content-Length: 1000\r\nContent-Encoding: gzip\r\n')}\x1f\x8b\x08`, 'destroy'],
      [`${head('Transfer-Encoding: chunked\r\n')}zz\r\n{}\r\n0\r\n\r\n`, 'end'],
      [`${head('Transfer-Encoding: chunked\r\n')}5\r\n{"bat`, 'destroy'],
      [`${head('Content-Length: abc\r\n')}{}`, 'end'],
      [`${head('Content-Length: 2\r\nTransfer-Encoding: chunked\r\n')}{}`, 'end'],
      [head('Content-Length: 99999999999\r\n'), 'destroy'],
      ['GARBAGE\r\n\r\n', 'end'],
    ]
    for (const [bytes, hangUp] of cases) {
      const answer = await sendRaw(bytes, hangUp)
      expect(answer === '' || /^HTTP\/1\.1 4\d\d /.test(answer), `${JSON.stringify(bytes)} → ${answer}`).toBe(true)
      await sendValid()
    }
  })

  it('stores every acknowledged valid message exactly once, and nothing that is not a valid event', async () => {
    const rows = await server.store.readEvents(LOG_START, Number.MAX_SAFE_INTEGER)
    const validIds = rows.map((row) => row.event.messageId).filter((id) => id.startsWith('valid-'))
    expect(validIds.sort()).toEqual([...acknowledgedValidIds].sort())
    expect(rows).toHaveLength(acceptedTotal)
    for (const row of rows) {
      expectValidEvent(row.event, receivedAtMs)
      // The event holds no more than its message (32 KB) and its two times as numbers.
      expect(Buffer.byteLength(JSON.stringify(row.event))).toBeLessThanOrEqual(maxMessageBytes + 100)
    }
  })

  it('stays up, and holds no memory from the run', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    expect(heapAfterGc() - heapBeforeBytes).toBeLessThan(32 * MB)
  })
})
