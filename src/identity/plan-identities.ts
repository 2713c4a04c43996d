import type { Event } from '../events/event.ts'

/** `user:ID` or `anon:ID`: how an id the product sends is looked up. */
export type IdentityKey = `user:${string}` | `anon:${string}`

export const userKey = (id: string): IdentityKey => `user:${id}`
export const anonKey = (id: string): IdentityKey => `anon:${id}`

/**
 * The contact an id names before any link: `anon:` + the anonymousId, or the userId itself — unless the userId starts
 * with `anon:` or `user:`, then `user:` + the userId. So the three kinds of contact ids never meet: userId `anon:abc`
 * cannot land on the contact of anonymousId `abc`.
 */
const defaultContactOf = (key: IdentityKey): string => {
  if (key.startsWith('anon:')) return key
  const userId = key.slice(5)
  return userId.startsWith('anon:') || userId.startsWith('user:') ? key : userId
}

/** The userId of a contact id that no link named yet (see `defaultContactOf`); undefined for an anonymous one. */
export function userIdOfContactId(contactId: string): string | undefined {
  if (contactId.startsWith('anon:')) return undefined
  return contactId.startsWith('user:') ? contactId.slice(5) : contactId
}

/** The contact an event belongs to now, by the links known (no merging): for replays of the stored log. */
export function currentContactOf(event: Event, known: ReadonlyMap<IdentityKey, string>): string | undefined {
  if (event.userId !== undefined) return known.get(userKey(event.userId)) ?? defaultContactOf(userKey(event.userId))
  if (event.anonymousId !== undefined)
    return known.get(anonKey(event.anonymousId)) ?? defaultContactOf(anonKey(event.anonymousId))
  return undefined
}

export interface IdentityPlan {
  /** For each event, the contact it belongs to, once the merges before it are done. */
  contactOfEvent: (string | undefined)[]
  /** Contacts found to be one person: before event `beforeEvent`, `from` is folded into `into`. */
  merges: { beforeEvent: number; from: string; into: string }[]
  /** Links to store: every id seen, to the contact it names now. */
  links: Map<IdentityKey, string>
  /** Every contact the batch reads or writes. */
  contactIds: Set<string>
}

/** Every id key the batch mentions, to look up before planning. */
export function identityKeysOf(events: readonly Event[]): IdentityKey[] {
  const keys = new Set<IdentityKey>()
  for (const event of events) {
    if (event.userId !== undefined) keys.add(userKey(event.userId))
    if (event.anonymousId !== undefined) keys.add(anonKey(event.anonymousId))
    if (event.type === 'alias' && event.previousId !== undefined) {
      keys.add(userKey(event.previousId))
      keys.add(anonKey(event.previousId))
    }
  }
  return [...keys]
}

/**
 * Decides who is who for a batch of events, in order: a userId names its contact; an anonymous id names its own
 * contact until an event carries it together with a userId (identify, or any call with both), or an `alias` names
 * it as the previous id — then the anonymous contact is folded into the identified one.
 */
export function planIdentities(events: readonly Event[], known: ReadonlyMap<IdentityKey, string>): IdentityPlan {
  const links = new Map<IdentityKey, string>()
  const contactIds = new Set<string>()
  const merges: IdentityPlan['merges'] = []
  const lookup = (key: IdentityKey): string | undefined => links.get(key) ?? known.get(key)
  const contactOf = (key: IdentityKey): string => lookup(key) ?? defaultContactOf(key)

  const fold = (from: string, into: string, beforeEvent: number) => {
    if (from === into) return
    merges.push({ beforeEvent, from, into })
    contactIds.add(from)
    // Every id that named the folded contact now names the surviving one.
    for (const [key, contact] of [...known, ...links]) {
      if (contact === from) links.set(key, into)
    }
  }

  const contactOfEvent = events.map((event, index) => {
    const user = event.userId === undefined ? undefined : userKey(event.userId)
    const anon = event.anonymousId === undefined ? undefined : anonKey(event.anonymousId)
    if (user === undefined && anon === undefined) return undefined
    const target = user !== undefined ? contactOf(user) : contactOf(anon as IdentityKey)
    if (user !== undefined && anon !== undefined) fold(contactOf(anon), target, index)
    if (event.type === 'alias' && event.previousId !== undefined) {
      for (const previous of [anonKey(event.previousId), userKey(event.previousId)]) {
        const earlier = lookup(previous)
        if (earlier !== undefined) fold(earlier, target, index)
        links.set(previous, target)
      }
    }
    if (user !== undefined && lookup(user) === undefined) links.set(user, target)
    if (anon !== undefined) links.set(anon, target)
    contactIds.add(target)
    return target
  })
  return { contactOfEvent, merges, links, contactIds }
}
