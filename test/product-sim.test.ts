import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createProductSimulator } from '../src/sim/product/product-simulator.ts'
import type { SegmentMessage } from '../src/sim/product/segment-message.ts'

/** What the stand-in receiver saw of one request. */
interface Captured {
  method: string
  path: string
  authorization: string
  contentType: string
  batch: SegmentMessage[]
}

/** A tiny Segment-style receiver: records every request and answers 200, or 503 while `failNext` lasts. */
function startReceiver(): Promise<{ server: Server; url: string; requests: Captured[]; failNext: { count: number } }> {
  const requests: Captured[] = []
  const failNext = { count: 0 }
  const readBody = async (request: IncomingMessage) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  }
  const server = createServer(async (request, response) => {
    const body = await readBody(request)
    if (failNext.count > 0) {
      failNext.count -= 1
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"unavailable"}}')
      return
    }
    requests.push({
      method: request.method ?? '',
      path: request.url ?? '',
      authorization: request.headers.authorization ?? '',
      contentType: request.headers['content-type'] ?? '',
      batch: (JSON.parse(body) as { batch: SegmentMessage[] }).batch,
    })
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}')
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({ server, url: `http://127.0.0.1:${port}`, requests, failNext })
    })
  })
}

let receiver: Awaited<ReturnType<typeof startReceiver>>

beforeEach(async () => {
  receiver = await startReceiver()
})

afterEach(async () => {
  await new Promise((resolve) => receiver.server.close(resolve))
})

describe('product simulator against an HTTP receiver', () => {
  it('posts the history as Segment batches with Basic auth, sign-ups first', async () => {
    const simulator = createProductSimulator({
      ingestUrl: receiver.url,
      writeKey: 'wk_test',
      users: 60,
      companies: 12,
      seed: 3,
    })
    const sent = await simulator.sendHistory()

    const received = receiver.requests.flatMap((r) => r.batch)
    expect(sent).toBe(simulator.population.messages.length)
    expect(received).toHaveLength(sent)
    expect(new Set(received.map((m) => m.messageId)).size).toBe(sent)
    for (const request of receiver.requests) {
      expect(request.method).toBe('POST')
      expect(request.path).toBe('/v1/batch')
      expect(request.contentType).toBe('application/json')
      expect(request.authorization).toBe(`Basic ${Buffer.from('wk_test:').toString('base64')}`)
      expect(request.batch.length).toBeGreaterThan(0)
      expect(request.batch.length).toBeLessThanOrEqual(100)
    }
    const lastSignUp = received.findLastIndex((m) => m.type === 'identify' || m.type === 'group')
    const firstEvent = received.findIndex((m) => m.type === 'track' || m.type === 'page')
    expect(lastSignUp).toBeLessThan(firstEvent)
    const identified = new Set(received.filter((m) => m.type === 'identify').map((m) => m.userId))
    const grouped = new Set(received.filter((m) => m.type === 'group').map((m) => m.userId))
    expect(identified.size).toBe(60)
    expect(grouped).toEqual(identified)
  })

  it('retries over HTTP when the receiver is briefly unavailable', async () => {
    receiver.failNext.count = 2
    const simulator = createProductSimulator({
      ingestUrl: receiver.url,
      writeKey: 'wk_test',
      users: 10,
      companies: 3,
      retryDelayMs: 5,
    })
    const sent = await simulator.sendHistory()
    expect(receiver.requests.flatMap((r) => r.batch)).toHaveLength(sent)
  })

  it('trickles live events to the receiver until stopped', async () => {
    const simulator = createProductSimulator({ ingestUrl: receiver.url, writeKey: 'wk_test', users: 30, companies: 6 })
    const run = simulator.startLive({ eventsPerSecond: 100, tickMs: 20 })
    const deadline = Date.now() + 5_000
    while (run.stats().eventsSent < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    await run.stop()
    const received = receiver.requests.flatMap((r) => r.batch)
    expect(run.stats()).toMatchObject({ eventsSent: received.length, errors: 0 })
    expect(received.length).toBeGreaterThanOrEqual(20)
    expect(received.every((m) => Date.parse(m.timestamp) <= Date.now())).toBe(true)
  })
})
