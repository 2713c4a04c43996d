import type { FastifyInstance } from 'fastify'
import type { CrmState } from './crm-state.ts'
import { renderHtmlPage } from './html-page.ts'

/** `GET /`: the read-only page of contacts, companies and tasks (not a HubSpot endpoint; never counted). */
export function registerPageRoute(app: FastifyInstance, state: CrmState): void {
  app.get('/', async (_request, reply) =>
    reply
      .code(200)
      .header('content-type', 'text/html; charset=utf-8')
      .send(renderHtmlPage((type) => state.records.list(type), state.associations, state.now())),
  )
}
