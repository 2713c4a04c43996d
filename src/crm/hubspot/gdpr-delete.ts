import { UpscoreError } from '../../errors.ts'
import { backoffDelayMs, transientBackoff } from './backoff.ts'
import { describeHubspotError } from './hubspot-error.ts'
import type { PortalCaller } from './portal-caller.ts'

export interface GdprDeleteDeps {
  caller: PortalCaller
  /** Waits between two attempts. */
  pause: (ms: number) => Promise<void>
  /** For the back-off's jitter. */
  random: () => number
  /** How long the portal's budget would hold a call now, in ms. */
  budgetWaitMs: () => number
}

/**
 * Attempts before a transient failure (5xx, timeout, network) is given up: four ride out a lone 502 or a few seconds
 * of outage (2–3.5 s of back-off), while processing waits; the caller can try again later.
 */
const MAX_ATTEMPTS = 4
/** The longest the portal's budget may hold the call (an exhausted daily allowance holds it for hours). */
const MAX_BUDGET_WAIT_MS = 30_000

/**
 * Permanently deletes a contact in HubSpot for a GDPR request: `POST /crm/v3/objects/contacts/gdpr-delete` with
 * `{"objectId": EMAIL, "idProperty": "email"}`, answered 204 — as the official client's
 * `crm.contacts.basicApi.purge` sends it. HubSpot answers 204 for an email it does not hold too (it then blocks the
 * address). Within the portal's budget; a 429 waits, transient failures are retried with back-off a few times. Throws
 * `crm_rate_limited`, `crm_transient` or `crm_rejected` when HubSpot did not confirm the deletion.
 */
export async function gdprDeleteContact(deps: GdprDeleteDeps, email: string): Promise<void> {
  if (deps.budgetWaitMs() > MAX_BUDGET_WAIT_MS) {
    throw new UpscoreError('crm_rate_limited', "HubSpot's rate limit leaves no call for now; try again later")
  }
  const request = {
    method: 'POST' as const,
    path: '/crm/v3/objects/contacts/gdpr-delete',
    body: { objectId: email, idProperty: 'email' },
  }
  for (let attempt = 1; ; attempt++) {
    const answer = await deps.caller.call(request, 'gdpr delete')
    switch (answer.kind) {
      case 'ok':
        return
      case 'stopped':
        throw new UpscoreError('crm_transient', 'the HubSpot sync stopped before HubSpot confirmed the deletion')
      case 'refused':
        // No contact to delete: what was asked for holds.
        if (answer.status === 404) return
        throw new UpscoreError(
          'crm_rejected',
          `HubSpot refused the deletion: ${describeHubspotError(answer.error, answer.status)}`,
        )
      case 'transient':
        if (answer.isAuth) {
          throw new UpscoreError(
            'crm_rejected',
            `HubSpot refused the token (it needs the crm.objects.contacts.write scope): ${answer.reason}`,
          )
        }
        if (attempt >= MAX_ATTEMPTS) {
          throw new UpscoreError(
            'crm_transient',
            `HubSpot did not confirm the deletion after ${attempt} attempts: ${answer.reason}`,
          )
        }
        await deps.pause(backoffDelayMs(transientBackoff, attempt, deps.random, answer.retryAfterMs))
    }
  }
}
