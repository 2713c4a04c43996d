import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpServer, routeTableOf } from '../src/http/server.ts'
import { loadModel } from '../src/load-model.ts'
import type { ModelAdmin } from '../src/model-admin/model-admin.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'

/** Routes anyone may call: ingest authenticates by write key, health says only whether events can be taken. */
const isPublic = (url: string) => url === '/healthz' || url.startsWith('/v1/')

const store = openSqliteStore({ path: ':memory:', durableFsync: false })
const app = createHttpServer({
  store,
  writeKeys: ['wk_routes'],
  adminToken: 'admin_routes',
  now: Date.now,
  newMessageId: () => 'm',
  model: () => loadModel(undefined),
  // Present so that its routes are registered; no request may get past the token to call it.
  modelAdmin: {} as ModelAdmin,
})

beforeAll(() => app.ready())
afterAll(async () => {
  await app.close()
  await store.close()
})

/** A concrete URL for a route pattern: every parameter filled in. */
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, 'x').replace(/\*/g, 'x')

describe('the route table', () => {
  it('has the admin routes under /api and /metrics, and nothing else but ingest and health', () => {
    const routes = routeTableOf(app).filter((route) => route.method !== 'HEAD')
    expect(routes).toEqual(
      expect.arrayContaining([
        { method: 'GET', url: '/healthz' },
        { method: 'POST', url: '/v1/batch' },
        { method: 'GET', url: '/metrics' },
        { method: 'PUT', url: '/api/model/draft' },
      ]),
    )
    for (const { url } of routes) {
      expect(isPublic(url) || url.startsWith('/api/') || url === '/metrics', url).toBe(true)
    }
  })

  it('refuses every non-public route without a token, with a wrong one, and with a write key', async () => {
    const guarded = routeTableOf(app).filter((route) => !isPublic(route.url))
    const wrong = [
      {},
      { authorization: 'Bearer admin_route' },
      { authorization: 'Bearer admin_routesx' },
      { authorization: 'Bearer ' },
      { authorization: 'admin_routes' },
      { authorization: `Basic ${Buffer.from('wk_routes:').toString('base64')}` },
    ]
    for (const route of guarded) {
      for (const headers of wrong) {
        const answer = await app.inject({
          method: route.method as 'GET',
          url: concrete(route.url),
          headers,
          ...(route.method === 'GET' || route.method === 'HEAD' ? {} : { payload: {} }),
        })
        expect(answer.statusCode, `${route.method} ${route.url} with ${JSON.stringify(headers)}`).toBe(401)
      }
    }
  })
})
