import type { CompiledModel } from '../scoring/compiled-model.ts'
import type { OutboxChange, Store } from '../storage/store.ts'
import { companyCrmValues, crmValuesOf } from './crm-values.ts'

/**
 * Sends dead letters again (all, or those of the given entities): each record goes back to the outbox with its
 * current values — not the ones HubSpot refused, which may be older than what it has since received — and, for a
 * contact, its company to associate. A record that no longer exists is sent as it was refused. Returns how many.
 */
export async function replayDeadLetters(
  store: Store,
  model: CompiledModel,
  nowMs: number,
  entityIds?: readonly string[],
): Promise<number> {
  const wanted = entityIds === undefined ? undefined : new Set(entityIds)
  const letters = (await store.allDeadLetters()).filter((letter) => wanted === undefined || wanted.has(letter.entityId))
  if (letters.length === 0) return 0
  const contacts = new Map(
    (await store.loadContacts(letters.filter((l) => l.objectType === 'contacts').map((l) => l.entityId))).map((c) => [
      c.id,
      c,
    ]),
  )
  const companies = new Map(
    (await store.loadCompanies(letters.filter((l) => l.objectType === 'companies').map((l) => l.entityId))).map((c) => [
      c.id,
      c,
    ]),
  )
  const changes = letters.map((letter): OutboxChange & { underPending?: boolean } => {
    // With no record to read, the refused values go back beneath any newer pending change.
    const asRefused = { ...letter, changedAtMs: nowMs, underPending: true }
    if (letter.objectType === 'companies') {
      const company = companies.get(letter.entityId)
      return company === undefined
        ? asRefused
        : { ...letter, changedAtMs: nowMs, properties: companyCrmValues(model, company) }
    }
    const contact = contacts.get(letter.entityId)
    if (contact?.email === undefined) return asRefused
    return {
      ...letter,
      changedAtMs: nowMs,
      idValue: contact.email,
      properties: crmValuesOf(model, 'contacts', contact.values, contact.scores),
      ...(contact.companyId === undefined ? {} : { companyId: contact.companyId }),
    }
  })
  await store.requeueDeadLetters(
    letters.map((letter) => letter.id),
    changes,
  )
  return letters.length
}
