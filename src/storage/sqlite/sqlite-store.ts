import type { Statement } from 'better-sqlite3'
import { scoreDelta } from '../../scoring/score-delta.ts'
import { jsonText, parseJsonText } from '../json-text.ts'
import type { CompanyRecord, ContactRecord, HistoryEntry, StepChanges } from '../records.ts'
import type {
  CrmObjectType,
  DeadLetter,
  EntityKind,
  IdentityLink,
  OutboxEntry,
  ProcessingCommit,
  Store,
} from '../store.ts'
import { LOG_START } from '../store.ts'
import { eventLogPathOf, openSqliteEventLog, openSqliteFile, seqOf } from './event-log-db.ts'
import { forgetQueries } from './forget-queries.ts'
import { migrate } from './schema.ts'
import { scoreRankQueries } from './score-ranks.ts'
import { prepareStatements } from './statements.ts'

export interface SqliteStoreOptions {
  /** The state's database file; `:memory:` for a throw-away store. The event log is in a file beside it. */
  path: string
  /** fsync every commit (survives power loss) instead of only handing it to the OS (survives a process crash). */
  durableFsync: boolean
  /**
   * How long a write waits for a lock held by another connection before it fails, in ms. Default 5,000. The wait
   * blocks the thread (better-sqlite3 is synchronous); tests of a locked database lower it.
   */
  busyTimeoutMs?: number
}

interface EntityRow {
  id: string
  state: string
  vals: string
  scores: string
  next_change_at: number | null
  updated_at: number
}
interface ContactRow extends EntityRow {
  user_id: string | null
  email: string | null
  company_id: string | null
}
interface CompanyRow extends EntityRow {
  name: string | null
}
interface OutboxRow {
  object_type: CrmObjectType
  entity_id: string
  id_value: string
  properties: string
  company_id: string | null
  version: number
  first_changed_at: number
  attempts: number
}

const toContact = (row: ContactRow): ContactRecord => ({
  id: row.id,
  userId: row.user_id ?? undefined,
  email: row.email ?? undefined,
  companyId: row.company_id ?? undefined,
  state: JSON.parse(row.state),
  values: parseJsonText(row.vals),
  scores: parseJsonText(row.scores),
  nextChangeAtMs: row.next_change_at,
  updatedAtMs: row.updated_at,
})

const toCompany = (row: CompanyRow): CompanyRecord => ({
  id: row.id,
  name: row.name ?? undefined,
  state: JSON.parse(row.state),
  values: parseJsonText(row.vals),
  scores: parseJsonText(row.scores),
  nextChangeAtMs: row.next_change_at,
  updatedAtMs: row.updated_at,
})

interface DeadLetterRow {
  id: number
  object_type: CrmObjectType
  entity_id: string
  id_value: string
  properties: string
  reason: string
  at: number
}

const toDeadLetter = (row: DeadLetterRow): DeadLetter => ({
  id: row.id,
  objectType: row.object_type,
  entityId: row.entity_id,
  idValue: row.id_value,
  properties: JSON.parse(row.properties),
  reason: row.reason,
  atMs: row.at,
})

const toOutbox = (row: OutboxRow): OutboxEntry => ({
  objectType: row.object_type,
  entityId: row.entity_id,
  idValue: row.id_value,
  properties: JSON.parse(row.properties),
  companyId: row.company_id ?? undefined,
  version: row.version,
  firstChangedAtMs: row.first_changed_at,
  attempts: row.attempts,
})

const noStepChanges = (): StepChanges => ({ events: [], eventsOmitted: 0, propertyChanges: [], segments: [] })

/** Rows of `IN (…)` lookups are fetched in chunks: SQLite allows at most 32,766 parameters per statement. */
function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * The embedded store: two SQLite files in WAL mode — the event log, and the state (entities, history, outbox,
 * settings) — each written by one thread of one process: ingest appends to the log, the processor writes the state.
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const eventLogPath = eventLogPathOf(options.path)
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000
  const log = openSqliteEventLog(eventLogPath, options.durableFsync, busyTimeoutMs)
  const db = openSqliteFile(options.path, options.durableFsync, busyTimeoutMs)
  db.pragma('cache_size = -65536')
  migrate(db, eventLogPath)
  const s = prepareStatements(db)

  const commitNow = db.transaction((step: ProcessingCommit) => {
    for (const c of step.contacts) {
      s.upsertContact.run({
        id: c.id,
        user_id: c.userId ?? null,
        email: c.email ?? null,
        email_key: c.email?.toLowerCase() ?? null,
        company_id: c.companyId ?? null,
        state: JSON.stringify(c.state),
        vals: jsonText(c.values),
        scores: jsonText(c.scores),
        next_change_at: c.nextChangeAtMs,
        updated_at: c.updatedAtMs,
      })
    }
    for (const c of step.contactUpdates ?? []) {
      s.updateContact.run({
        id: c.id,
        state: JSON.stringify(c.state),
        vals: jsonText(c.values),
        scores: jsonText(c.scores),
        next_change_at: c.nextChangeAtMs,
        updated_at: c.updatedAtMs,
      })
    }
    for (const c of step.contactScores ?? []) {
      const row = { id: c.id, vals: c.valuesJson, scores: c.scoresJson, updated_at: c.updatedAtMs }
      // Setting the schedule column, even to the value it has, costs an index update: leave it when it is the same.
      if (c.scheduleUnchanged) s.updateContactScoresOnly.run(row)
      else s.updateContactScores.run({ ...row, next_change_at: c.nextChangeAtMs })
    }
    for (const c of step.companies) {
      s.upsertCompany.run({
        id: c.id,
        name: c.name ?? null,
        state: JSON.stringify(c.state),
        vals: jsonText(c.values),
        scores: jsonText(c.scores),
        next_change_at: c.nextChangeAtMs,
        updated_at: c.updatedAtMs,
      })
    }
    for (const id of step.deletedContactIds) s.deleteContact.run(id)
    for (const link of step.identities) s.upsertIdentity.run(link.kind, link.value, link.contactId)
    for (const h of step.history) {
      s.insertHistory.run(
        h.entityKind,
        h.entityId,
        h.score,
        h.atMs,
        h.from,
        h.to,
        h.label,
        h.cause,
        JSON.stringify(h.reasons),
        // The rows of one entity in a step share one object: serialised once.
        h.step === undefined ? null : jsonText(h.step),
      )
    }
    for (const o of step.outbox) {
      s.mergeOutbox.run(
        o.objectType,
        o.entityId,
        o.idValue,
        JSON.stringify(o.properties),
        o.companyId ?? null,
        o.changedAtMs,
      )
    }
    if (step.cursor !== undefined) s.writeMeta.run('cursor', String(seqOf(step.cursor)))
  })

  // `IN (?, …)` statements are prepared once per table and list length, not per call.
  const inLists = new Map<string, Statement>()
  const inList = (sql: (placeholders: string) => string, length: number): Statement => {
    const key = `${sql('')}#${length}`
    let statement = inLists.get(key)
    if (statement === undefined) {
      statement = db.prepare(sql(Array.from({ length }, () => '?').join(',')))
      inLists.set(key, statement)
    }
    return statement
  }
  const rowsByIds = <R>(table: 'contacts' | 'companies', ids: readonly string[]): R[] =>
    chunks([...new Set(ids)]).flatMap(
      (part) => inList((list) => `SELECT * FROM ${table} WHERE id IN (${list})`, part.length).all(...part) as R[],
    )

  return {
    appendEvents: (events) => log.append(events),
    probeWrite: async () => log.probe(),
    async readEvents(after, limit, through) {
      return log.read(after, limit, through)
    },
    async readCursor() {
      const row = s.readMeta.get('cursor') as { value: string } | undefined
      return row === undefined || row.value === '0' ? LOG_START : row.value
    },
    async logLag(after) {
      return log.lag(after)
    },
    async deleteEventsReceivedBefore(receivedBeforeMs, through, limit) {
      return log.deleteReceivedBefore(receivedBeforeMs, through, limit)
    },

    async readSetting(key) {
      return (s.readMeta.get(`setting:${key}`) as { value: string } | undefined)?.value
    },
    async writeSetting(key, value) {
      s.writeMeta.run(`setting:${key}`, value)
    },
    async listEntityIds(kind, afterId, limit) {
      const statement = kind === 'contact' ? s.contactIdsAfter : s.companyIdsAfter
      return (statement.all(afterId, limit) as { id: string }[]).map((row) => row.id)
    },

    async scanContacts(cursor, limit) {
      const rows = s.contactsAfterRowid.all(cursor === '' ? 0 : Number(cursor), limit) as (ContactRow & {
        rowid: number
      })[]
      const last = rows[rows.length - 1]
      return { contacts: rows.map(toContact), cursor: last === undefined ? cursor : String(last.rowid) }
    },
    async countEntities(kind) {
      return ((kind === 'contact' ? s.countContacts : s.countCompanies).get() as { n: number }).n
    },

    async resolveIdentities(keys) {
      return keys.flatMap((key) => {
        const row = s.readIdentity.get(key.kind, key.value) as { contact_id: string } | undefined
        return row === undefined
          ? []
          : [{ kind: key.kind, value: key.value, contactId: row.contact_id } as IdentityLink]
      })
    },
    async loadContacts(ids) {
      return rowsByIds<ContactRow>('contacts', ids).map(toContact)
    },
    async loadCompanies(ids) {
      return rowsByIds<CompanyRow>('companies', ids).map(toCompany)
    },
    async contactIdsOfCompany(companyId) {
      return (s.contactsOfCompany.all(companyId) as { id: string }[]).map((row) => row.id)
    },
    async dueEntities(nowMs, limit) {
      const rows = s.dueEntities.all(nowMs, nowMs, limit) as { kind: EntityKind; id: string }[]
      return rows.map((row) => ({ kind: row.kind, id: row.id }))
    },
    async nextDueAtMs() {
      return (s.nextDue.get() as { at: number | null }).at
    },
    async commit(step) {
      commitNow(step)
    },
    ...scoreRankQueries(db),
    ...forgetQueries(db, log, commitNow),

    async findContact(key) {
      const row = (
        key.includes('@')
          ? (s.contactByEmail.get(key.toLowerCase()) ?? s.contactByUser.get(key))
          : s.contactByUser.get(key)
      ) as ContactRow | undefined
      return row === undefined ? undefined : toContact(row)
    },
    async getCompany(id) {
      const row = s.companyById.get(id) as CompanyRow | undefined
      return row === undefined ? undefined : toCompany(row)
    },
    async history(kind, id): Promise<HistoryEntry[]> {
      const rows = s.history.all(kind, id) as {
        at: number
        score: string
        from_value: number | null
        to_value: number
        label: string | null
        cause: HistoryEntry['cause']
        reasons: string
        step: string | null
      }[]
      return rows.map((row) => ({
        atMs: row.at,
        score: row.score,
        from: row.from_value,
        to: row.to_value,
        delta: scoreDelta(row.from_value, row.to_value),
        label: row.label,
        cause: row.cause,
        reasons: JSON.parse(row.reasons),
        // Rows written before steps were kept, or whose step changed none of it, have none.
        ...noStepChanges(),
        ...(row.step === null ? {} : (JSON.parse(row.step) as StepChanges)),
      }))
    },

    async pruneHistory(beforeMs) {
      return s.pruneHistory.run(beforeMs).changes
    },

    async readOutbox(objectType, limit) {
      return (s.readOutbox.all(objectType, limit) as OutboxRow[]).map(toOutbox)
    },
    async outboxSize() {
      const row = s.outboxSize.get() as { contacts: number | null; companies: number | null; oldest: number | null }
      return { contacts: row.contacts ?? 0, companies: row.companies ?? 0, oldestChangedAtMs: row.oldest }
    },
    async confirmOutbox(entries) {
      db.transaction(() => {
        for (const e of entries) s.confirmOutbox.run(e.objectType, e.entityId, e.version)
      })()
    },
    async failOutbox(entries) {
      db.transaction(() => {
        for (const e of entries) s.failOutbox.run(e.objectType, e.entityId)
      })()
    },
    async deadLetter(entry, reason, atMs) {
      db.transaction(() => {
        s.insertDeadLetter.run(
          entry.objectType,
          entry.entityId,
          entry.idValue,
          JSON.stringify(entry.properties),
          reason,
          atMs,
        )
        s.confirmOutbox.run(entry.objectType, entry.entityId, entry.version)
      })()
    },
    async deadLetters(limit): Promise<DeadLetter[]> {
      return (s.deadLetters.all(limit) as DeadLetterRow[]).map(toDeadLetter)
    },
    async deadLetterCount() {
      return (s.deadLetterCount.get() as { n: number }).n
    },
    async allDeadLetters() {
      return (s.allDeadLetters.all() as DeadLetterRow[]).map(toDeadLetter)
    },
    async requeueDeadLetters(ids, changes) {
      db.transaction(() => {
        for (const o of changes) {
          const statement = o.underPending === true ? s.mergeOutboxUnder : s.mergeOutbox
          statement.run(
            o.objectType,
            o.entityId,
            o.idValue,
            JSON.stringify(o.properties),
            o.companyId ?? null,
            o.changedAtMs,
          )
        }
        for (const id of ids) s.deleteDeadLetter.run(id)
      })()
    },
    async saveCrmIds(objectType, ids) {
      db.transaction(() => {
        for (const { entityId, crmId } of ids) s.upsertCrmId.run(objectType, entityId, crmId)
      })()
    },
    async crmIds(objectType, entityIds) {
      const found = new Map<string, string>()
      for (const part of chunks([...new Set(entityIds)])) {
        const rows = inList(
          (list) => `SELECT entity_id, crm_id FROM crm_ids WHERE object_type = ? AND entity_id IN (${list})`,
          part.length,
        ).all(objectType, ...part) as { entity_id: string; crm_id: string }[]
        for (const row of rows) found.set(row.entity_id, row.crm_id)
      }
      return found
    },
    async someCrmIds(objectType, limit) {
      const rows = s.someCrmIds.all(objectType, limit) as { entity_id: string; crm_id: string }[]
      return rows.map((row) => ({ entityId: row.entity_id, crmId: row.crm_id }))
    },
    async forgetCrmIds(objectType, entityIds) {
      db.transaction(() => {
        if (entityIds === undefined) s.forgetCrmIds.run(objectType)
        else for (const entityId of entityIds) s.forgetCrmId.run(objectType, entityId)
      })()
    },

    connection() {
      return options.path === ':memory:' ? undefined : { adapter: 'sqlite', path: options.path }
    },

    async close() {
      await log.close()
      db.close()
    },
  }
}
