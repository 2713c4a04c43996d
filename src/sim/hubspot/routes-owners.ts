import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { CrmState } from './crm-state.ts'
import { toPublicOwner } from './owners.ts'
import { sendError } from './route-errors.ts'
import { sendJson } from './send-json.ts'

type ListRoute = { Querystring: Record<string, unknown> }
type OwnerRoute = { Params: { ownerId: string }; Querystring: Record<string, unknown> }

/** Owners v3. The official client lists owners at `/crm/v3/owners/` (trailing slash), so both paths answer. */
export function registerOwnerRoutes(app: FastifyInstance, state: CrmState): void {
  const list = async (request: FastifyRequest<ListRoute>, reply: FastifyReply): Promise<FastifyReply> => {
    const email = request.query.email === undefined ? undefined : String(request.query.email).toLowerCase()
    const limit = Math.min(500, Math.max(1, Number(request.query.limit ?? 100) || 100))
    const after = Number(request.query.after ?? 0) || 0
    const matching = state.owners.filter((owner) => email === undefined || owner.email.toLowerCase() === email)
    const page = matching.slice(after, after + limit)
    return sendJson(reply, 200, {
      results: page.map((owner) => toPublicOwner(owner, state.startedAtMs)),
      ...(after + limit < matching.length ? { paging: { next: { after: String(after + limit) } } } : {}),
    })
  }
  app.get<ListRoute>('/crm/v3/owners', list)
  app.get<ListRoute>('/crm/v3/owners/', list)

  app.get<OwnerRoute>('/crm/v3/owners/:ownerId', async (request, reply) => {
    const byUserId = request.query.idProperty === 'userId'
    const owner = state.owners.find((candidate) =>
      byUserId ? String(candidate.userId) === request.params.ownerId : candidate.id === request.params.ownerId,
    )
    if (owner === undefined) return sendError(reply, state, 404, 'OBJECT_NOT_FOUND', 'resource not found')
    return sendJson(reply, 200, toPublicOwner(owner, state.startedAtMs))
  })
}
