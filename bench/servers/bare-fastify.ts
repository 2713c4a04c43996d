// The machine's ceiling for ingest: Fastify parsing the same bodies and answering as upscore does, storing nothing.
import Fastify from 'fastify'
import { serveParent } from './parent-link.ts'

const app = Fastify({ logger: false, bodyLimit: 500 * 1024 })
app.post('/v1/batch', async (request) => {
  const batch = (request.body as { batch?: unknown[] }).batch ?? []
  return { success: true, accepted: batch.length, duplicates: 0, rejected: [] }
})
const url = await app.listen({ port: 0, host: '127.0.0.1' })
serveParent(url, { close: () => app.close() })
