import type { FastifyReply } from 'fastify'

/** HubSpot's content type, exactly as its answers carry it. */
export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8'

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', JSON_CONTENT_TYPE).send(JSON.stringify(body))
}
