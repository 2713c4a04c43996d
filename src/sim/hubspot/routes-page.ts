import type { FastifyInstance } from 'fastify'
import type { CrmState } from './crm-state.ts'
import { renderHtmlPage } from './html-page.ts'
import { parsePageQuery } from './page-query.ts'
import { buildPageView } from './page-view.ts'

/**
 * `GET /`: the read-only page of contacts, companies and tasks, with `?q=` (filter), `?label=` and
 * `?contacts.sort=…&contacts.dir=asc|desc` (not a HubSpot endpoint; never counted).
 */
export function registerPageRoute(app: FastifyInstance, state: CrmState): void {
  app.get('/', async (request, reply) => {
    const query = parsePageQuery(request.query)
    const view = buildPageView(
      { records: (type) => state.records.list(type), properties: state.properties, associations: state.associations },
      query,
    )
    return reply
      .code(200)
      .header('content-type', 'text/html; charset=utf-8')
      .send(renderHtmlPage(view, query, state.now()))
  })
}
