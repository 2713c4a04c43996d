import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { UpscoreError } from '../errors.ts'
import type { ForgetReport } from '../forget/contact-forgetter.ts'

export interface ForgetRouteDeps {
  /** Forgets a contact (and deletes it in HubSpot when asked); undefined where it cannot be done. */
  forgetContact?: ((key: string, options: { hubspot: boolean }) => Promise<ForgetReport>) | undefined
}

const forgetQuerySchema = z.object({ hubspot: z.enum(['true', 'false']).default('false') })

/**
 * `DELETE /api/contacts/{email-or-userId}[?hubspot=true]`: forgets a contact for a GDPR request (see
 * `ContactForgetter`) and answers what was removed; 404 for an unknown contact. Registered under the admin-token scope.
 */
export function registerForgetRoutes(scope: FastifyInstance, deps: ForgetRouteDeps): void {
  scope.delete<{ Params: { key: string } }>('/contacts/:key', async (request): Promise<ForgetReport> => {
    const query = forgetQuerySchema.safeParse(request.query ?? {})
    if (!query.success) throw new UpscoreError('invalid_request', 'query hubspot: give true or false')
    if (deps.forgetContact === undefined)
      throw new UpscoreError('not_found', 'forgetting contacts is not available here')
    return deps.forgetContact(request.params.key, { hubspot: query.data.hubspot === 'true' })
  })
}
