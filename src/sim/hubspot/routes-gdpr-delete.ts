import type { FastifyInstance } from 'fastify'
import type { CrmState } from './crm-state.ts'
import { gdprDeleteInputSchema } from './object-inputs.ts'
import { parseBody } from './parse-body.ts'
import { findRecord } from './record-writes.ts'
import { sendError, sendNotFound } from './route-errors.ts'

/**
 * `POST /crm/v3/objects/contacts/gdpr-delete` with `{"objectId", "idProperty"?}` → 204: the contact and its
 * associations are deleted for good (not archived: it cannot be restored or read again). By email, an address no
 * contact has is answered 204 too: HubSpot then adds it to a blocklist, which the simulator does not model. By id, an
 * unknown one is a 404.
 */
export function registerGdprDeleteRoute(app: FastifyInstance, state: CrmState): void {
  app.post('/crm/v3/objects/contacts/gdpr-delete', async (request, reply) => {
    const parsed = parseBody(gdprDeleteInputSchema, request.body)
    if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
    const { objectId, idProperty } = parsed.data
    if (idProperty !== undefined && idProperty !== 'email' && idProperty !== 'hs_object_id') {
      return sendError(reply, state, 400, 'VALIDATION_ERROR', `Invalid idProperty ${idProperty}: use email`)
    }
    const record = findRecord(state, 'contacts', objectId, idProperty)
    if (record === undefined) return idProperty === 'email' ? reply.code(204).send() : sendNotFound(reply, state)
    state.records.purge('contacts', record)
    state.associations.removeAll('contacts', record.id)
    state.changed()
    return reply.code(204).send()
  })
}
