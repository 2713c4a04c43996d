import type { Database } from 'better-sqlite3'
import type { ErasureCounts, IdentityLink, ProcessingCommit, Store } from '../store.ts'
import type { SqliteEventLog } from './event-log-db.ts'

/**
 * Whether an event's body names one of the ids in the JSON arrays `@users` and `@anons`: its userId, its anonymousId,
 * or (an alias) its previousId, which may have been either.
 */
const namesOneOf = `(
  json_extract(body, '$.userId') IN (SELECT value FROM json_each(@users))
  OR json_extract(body, '$.anonymousId') IN (SELECT value FROM json_each(@anons))
  OR json_extract(body, '$.previousId') IN (SELECT value FROM json_each(@users) UNION SELECT value FROM json_each(@anons))
)`

type Ids = readonly Pick<IdentityLink, 'kind' | 'value'>[]

const idParameters = (ids: Ids) => ({
  users: JSON.stringify(ids.filter((id) => id.kind === 'user').map((id) => id.value)),
  anons: JSON.stringify(ids.filter((id) => id.kind === 'anon').map((id) => id.value)),
})

/** `user:ID` / `anon:ID`: where a page of links ends (the kind has no colon, so the first one splits it). */
const linkKey = (link: Pick<IdentityLink, 'kind' | 'value'>) => `${link.kind}:${link.value}`
const splitLinkKey = (key: string): [string, string] => {
  const colon = key.indexOf(':')
  return colon < 0 ? ['', ''] : [key.slice(0, colon), key.slice(colon + 1)]
}

/**
 * The embedded store's side of forgetting a contact. Forgetting is rare, so what it needs is found by scanning in
 * pages (the caller lets requests in between) rather than kept in indexes that every event and step would pay for:
 * the links naming the contact (the identities table is keyed by id, not by contact), and the events of its ids (the
 * log keeps them as JSON). The events go first, in the log's file, then the rest in the state's: a crash in between
 * leaves the contact, so that forgetting it again finishes the work.
 */
export function forgetQueries(
  db: Database,
  log: Pick<SqliteEventLog, 'db'>,
  commit: (step: ProcessingCommit) => void,
): Pick<Store, 'identityLinksNaming' | 'eventSeqsNaming' | 'forgetContact'> {
  const l = {
    eventsNamingAfter: log.db.prepare(`
      SELECT seq, ${namesOneOf} AS hit FROM events WHERE seq > @after ORDER BY seq LIMIT @limit`),
    eventsNamingSince: log.db.prepare(`SELECT seq FROM events WHERE seq > @after AND ${namesOneOf}`),
    deleteEvent: log.db.prepare('DELETE FROM events WHERE seq = ?'),
  }
  const s = {
    identitiesAfter: db.prepare(`
      SELECT kind, value, contact_id FROM identities WHERE (kind, value) > (?, ?) ORDER BY kind, value LIMIT ?`),
    deleteIdentity: db.prepare('DELETE FROM identities WHERE kind = ? AND value = ? AND contact_id = ?'),
    deleteContact: db.prepare('DELETE FROM contacts WHERE id = ?'),
    deleteHistory: db.prepare("DELETE FROM score_history WHERE entity_kind = 'contact' AND entity_id = ?"),
    deleteOutbox: db.prepare("DELETE FROM crm_outbox WHERE object_type = 'contacts' AND entity_id = ?"),
    deleteDeadLetters: db.prepare("DELETE FROM crm_dead_letters WHERE object_type = 'contacts' AND entity_id = ?"),
    deleteCrmId: db.prepare("DELETE FROM crm_ids WHERE object_type = 'contacts' AND entity_id = ?"),
  }

  const forgetEvents = log.db.transaction((erasure: Parameters<Store['forgetContact']>[0]) => {
    const since = l.eventsNamingSince.all({ after: erasure.scannedThroughSeq, ...idParameters(erasure.links) }) as {
      seq: number
    }[]
    let events = 0
    for (const seq of new Set([...erasure.eventSeqs, ...since.map((row) => row.seq)])) {
      events += l.deleteEvent.run(seq).changes
    }
    return events
  })

  const forgetNow = db.transaction(
    (erasure: Parameters<Store['forgetContact']>[0], step: ProcessingCommit, events: number) => {
      const id = erasure.contactId
      let identities = 0
      for (const link of erasure.links) identities += s.deleteIdentity.run(link.kind, link.value, id).changes
      const counts: ErasureCounts = {
        contacts: s.deleteContact.run(id).changes,
        identities,
        events,
        scoreHistory: s.deleteHistory.run(id).changes,
        outbox: s.deleteOutbox.run(id).changes,
        deadLetters: s.deleteDeadLetters.run(id).changes,
        crmIds: s.deleteCrmId.run(id).changes,
      }
      commit(step)
      return counts
    },
  )

  return {
    async identityLinksNaming(contactId, afterKey, limit) {
      const [kind, value] = splitLinkKey(afterKey)
      const rows = s.identitiesAfter.all(kind, value, limit) as {
        kind: IdentityLink['kind']
        value: string
        contact_id: string
      }[]
      const last = rows.at(-1)
      return {
        links: rows
          .filter((row) => row.contact_id === contactId)
          .map((row) => ({ kind: row.kind, value: row.value, contactId })),
        nextAfterKey: rows.length < limit || last === undefined ? null : linkKey(last),
      }
    },
    async eventSeqsNaming(ids, afterSeq, limit) {
      const rows = l.eventsNamingAfter.all({ after: afterSeq, limit, ...idParameters(ids) }) as {
        seq: number
        hit: number
      }[]
      const last = rows.at(-1)
      return {
        seqs: rows.filter((row) => row.hit === 1).map((row) => row.seq),
        nextAfterSeq: rows.length < limit || last === undefined ? null : last.seq,
        throughSeq: last?.seq ?? afterSeq,
      }
    },
    async forgetContact(erasure, step) {
      return forgetNow(erasure, step, forgetEvents(erasure))
    },
  }
}
