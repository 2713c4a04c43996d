import type { FastifyInstance, FastifyReply } from 'fastify'
import type { CrmRecord } from './crm-record.ts'
import type { CrmState } from './crm-state.ts'
import { lastModifiedProperty } from './default-properties.ts'
import { conflictMessage, sendError, sendNotFound } from './route-errors.ts'
import { sendJson } from './send-json.ts'

type ContactRoute = { Params: { vid: string } }
type EmailRoute = { Params: { vid: string; email: string } }

const ADDITIONAL_EMAILS = 'hs_additional_emails'
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * HubSpot's (v1) secondary-email endpoints: the only way to set a contact's secondary addresses, which v3 shows
 * read-only in `hs_additional_emails`.
 */
export function registerSecondaryEmailRoutes(app: FastifyInstance, state: CrmState): void {
  const answer = (reply: FastifyReply, contact: CrmRecord): FastifyReply =>
    sendJson(reply, 200, {
      portalId: state.portalId,
      vid: Number(contact.id),
      secondaryEmails: (contact.properties[ADDITIONAL_EMAILS] ?? '').split(';').filter((email) => email !== ''),
    })
  const write = (contact: CrmRecord, emails: string[]): void => {
    const nowMs = state.now()
    state.records.write('contacts', contact, {
      [ADDITIONAL_EMAILS]: emails.join(';'),
      [lastModifiedProperty.contacts]: new Date(nowMs).toISOString(),
    })
    contact.updatedAt = nowMs
    state.changed()
  }
  const current = (contact: CrmRecord): string[] =>
    (contact.properties[ADDITIONAL_EMAILS] ?? '').split(';').filter((email) => email !== '')

  app.get<ContactRoute>('/contacts/v1/secondary-email/:vid', async (request, reply) => {
    const contact = state.records.get('contacts', request.params.vid)
    return contact === undefined ? sendNotFound(reply, state) : answer(reply, contact)
  })

  app.put<EmailRoute>('/contacts/v1/secondary-email/:vid/email/:email', async (request, reply) => {
    const contact = state.records.get('contacts', request.params.vid)
    if (contact === undefined) return sendNotFound(reply, state)
    const email = request.params.email.toLowerCase()
    if (!EMAIL.test(email)) return sendError(reply, state, 400, 'VALIDATION_ERROR', `Email address ${email} is invalid`)
    const holder = state.records.findByUnique('contacts', 'email', email)
    if (holder !== undefined && holder.id !== contact.id) {
      return sendError(reply, state, 409, 'CONFLICT', conflictMessage('contacts', holder.id))
    }
    if (holder === undefined) write(contact, [...current(contact), email])
    return answer(reply, contact)
  })

  app.delete<EmailRoute>('/contacts/v1/secondary-email/:vid/email/:email', async (request, reply) => {
    const contact = state.records.get('contacts', request.params.vid)
    if (contact === undefined) return sendNotFound(reply, state)
    const email = request.params.email.toLowerCase()
    write(
      contact,
      current(contact).filter((address) => address !== email),
    )
    return answer(reply, contact)
  })
}
