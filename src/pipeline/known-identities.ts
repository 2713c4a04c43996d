import type { Event } from '../events/event.ts'
import { type IdentityKey, identityKeysOf } from '../identity/plan-identities.ts'
import type { Store } from '../storage/store.ts'

/** The stored links of every id a batch of events mentions: `user:ID` / `anon:ID` → contact. */
export async function knownIdentities(store: Store, events: readonly Event[]): Promise<Map<IdentityKey, string>> {
  const keys = identityKeysOf(events).map((key) => ({
    kind: key.startsWith('user:') ? ('user' as const) : ('anon' as const),
    value: key.slice(5),
  }))
  const links = await store.resolveIdentities(keys)
  return new Map(links.map((link) => [`${link.kind}:${link.value}` as IdentityKey, link.contactId]))
}
