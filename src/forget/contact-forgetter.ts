import type { HubspotSync } from '../crm/hubspot/hubspot-sync.ts'
import { UpscoreError } from '../errors.ts'
import type { LiveModel } from '../live-model.ts'
import { forgetContact } from '../pipeline/forget-contact.ts'
import { withStoredCutoffs } from '../pipeline/stored-cutoffs.ts'
import type { ContactRecord } from '../storage/records.ts'
import type { ErasureCounts, Store } from '../storage/store.ts'

/** What `DELETE /api/contacts/{key}` answers. */
export interface ForgetReport {
  /** The contacts removed: one, or every contact that had that email. */
  contactIds: string[]
  /** How many rows of each kind went, over those contacts. */
  removed: ErasureCounts
  /** The companies re-scored without them. */
  companies: string[]
  /**
   * `deleted`: HubSpot deleted the contact by email with its GDPR endpoint; `not_asked`; `no_email`: the contact had
   * no email, so it never reached HubSpot (contacts are written there by email).
   */
  hubspot: 'deleted' | 'not_asked' | 'no_email'
}

export interface ContactForgetter {
  /**
   * Forgets the contact whose email or userId is `key` (every contact with that email), and with `hubspot` deletes it
   * in HubSpot first: when HubSpot does not confirm, nothing is removed and the call can be repeated. Throws
   * `not_found` for an unknown key, `conflict` while a model is being published.
   */
  forget(key: string, options: { hubspot: boolean }): Promise<ForgetReport>
}

const noneRemoved = (): ErasureCounts => ({
  contacts: 0,
  identities: 0,
  events: 0,
  scoreHistory: 0,
  outbox: 0,
  deadLetters: 0,
  crmIds: 0,
})

/** At most this many contacts share one email: a guard against a loop that would not end. */
const MAX_CONTACTS_PER_KEY = 1_000

/**
 * `upscore forget` on the running service: the processor is the single writer of entity state, so processing pauses
 * between two steps (as a model publish does) and the sync stops, so that no write of the contact to HubSpot is in
 * flight; the contact is deleted in HubSpot if asked, then forgotten locally; both resume.
 */
export function createContactForgetter(deps: {
  store: Store
  live: Pick<LiveModel, 'whilePaused'>
  sync: Pick<HubspotSync, 'deleteContact'> | undefined
  now: () => number
}): ContactForgetter {
  const { store, sync } = deps
  return {
    async forget(key, options) {
      if (options.hubspot && sync === undefined) {
        throw new UpscoreError(
          'invalid_request',
          'the HubSpot sync is off (HUBSPOT_ACCESS_TOKEN is not set): no HubSpot',
        )
      }
      return deps.live.whilePaused(async (live) => {
        const first = await store.findContact(key)
        if (first === undefined) {
          throw new UpscoreError('not_found', `no contact has the email or userId ${JSON.stringify(key)}`)
        }
        let hubspot: ForgetReport['hubspot'] = 'not_asked'
        if (options.hubspot) {
          if (first.email === undefined) hubspot = 'no_email'
          else {
            await sync?.deleteContact(first.email)
            hubspot = 'deleted'
          }
        }
        const model = await withStoredCutoffs(store, live)
        const report: ForgetReport = { contactIds: [], removed: noneRemoved(), companies: [], hubspot }
        for (
          let contact: ContactRecord | undefined = first;
          contact !== undefined;
          contact = await store.findContact(key)
        ) {
          if (report.contactIds.length >= MAX_CONTACTS_PER_KEY) break
          const forgotten = await forgetContact(store, model, contact, deps.now())
          report.contactIds.push(forgotten.contactId)
          for (const [kind, count] of Object.entries(forgotten.counts)) {
            report.removed[kind as keyof ErasureCounts] += count
          }
          if (forgotten.companyId !== undefined && !report.companies.includes(forgotten.companyId)) {
            report.companies.push(forgotten.companyId)
          }
        }
        return report
      })
    },
  }
}
