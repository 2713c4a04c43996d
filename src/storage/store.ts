import type { StoredEvent } from '../events/event.ts'
import type {
  AppendOutcome,
  CompanyRecord,
  ContactRecord,
  HistoryEntry,
  NewEvent,
  ScoreChange,
  StepChanges,
} from './records.ts'

export type EntityKind = 'contact' | 'company'

/**
 * A place in the event log, opaque outside the adapter that made it (a seq in the embedded store; on PostgreSQL the
 * writing transaction and the seq, so that an event committed late is never skipped).
 */
export type LogPosition = string

/** The position before the first event. */
export const LOG_START: LogPosition = ''
export type CrmObjectType = 'contacts' | 'companies'

/** How an anonymous or user id maps to a contact. */
export interface IdentityLink {
  kind: 'user' | 'anon'
  value: string
  contactId: string
}

/** A change of one CRM record: the latest values of the properties that changed. */
export interface OutboxChange {
  objectType: CrmObjectType
  /** The internal contact id or the groupId. */
  entityId: string
  /** The value HubSpot finds the record by: the email for contacts, the groupId for companies. */
  idValue: string
  /** Property values as HubSpot takes them (strings; `""` clears). Merged into any pending change. */
  properties: Record<string, string>
  /** For contacts: the company (groupId) to associate with, when it changed. */
  companyId?: string
  /** When the change that caused this was made (epoch ms), for latency. */
  changedAtMs: number
}

/** A pending CRM change as the sync reads it: all changes since the last confirmed write, coalesced. */
export interface OutboxEntry {
  objectType: CrmObjectType
  entityId: string
  idValue: string
  properties: Record<string, string>
  companyId: string | undefined
  /** Bumped by every merged change; a write is confirmed only if the entry is still at the version that was sent. */
  version: number
  /** The earliest change not yet in HubSpot (epoch ms). */
  firstChangedAtMs: number
  /** Attempts that failed so far. */
  attempts: number
}

export interface DeadLetter {
  id: number
  objectType: CrmObjectType
  entityId: string
  idValue: string
  properties: Record<string, string>
  reason: string
  atMs: number
}

export interface HistoryRow extends ScoreChange {
  entityKind: EntityKind
  entityId: string
  /** What the step changed for the entity; absent when it changed none of it (read back as empty). */
  step?: StepChanges
}

/** What a worker thread needs to open a store on the same data. */
export type StoreConnection = { adapter: 'sqlite'; path: string }

/** New values and scores of a stored contact, as the JSON text to store (made once, cheap to hand between threads). */
export interface ContactScoreUpdate {
  id: string
  valuesJson: string
  scoresJson: string
  nextChangeAtMs: number | null
  updatedAtMs: number
  /** True when `nextChangeAtMs` is the stored one: the schedule need not be written. */
  scheduleUnchanged: boolean
}

/** Everything one processing step changes, written in one transaction together with the cursor. */
export interface ProcessingCommit {
  /** The position of the last event this step has applied. */
  cursor?: LogPosition
  /** Contacts to insert or rewrite whole. */
  contacts: ContactRecord[]
  /**
   * Stored contacts whose userId, email and company are unchanged: only their state, values, scores and schedule
   * are written (cheaper: their lookup indexes are left alone).
   */
  contactUpdates?: ContactRecord[]
  /**
   * Stored contacts that had no event in this step (re-scored by time, a model change or their company): only
   * their values, scores and schedule are written; their state is left as stored.
   */
  contactScores?: ContactScoreUpdate[]
  companies: CompanyRecord[]
  /** Contacts merged into another one (anonymous → identified). */
  deletedContactIds: string[]
  identities: IdentityLink[]
  history: HistoryRow[]
  outbox: OutboxChange[]
}

/**
 * What forgetting a contact removes besides the contact itself: every link that names it, and so every id whose events
 * go. `eventSeqs` are the events of those ids found scanning the log through `scannedThroughSeq` (`eventSeqsNaming`);
 * those stored after it are found in the transaction itself, so that none stored before it stays.
 */
export interface ContactErasure {
  contactId: string
  links: readonly IdentityLink[]
  eventSeqs: readonly number[]
  scannedThroughSeq: number
}

/** How many rows of each kind forgetting a contact removed. */
export interface ErasureCounts {
  contacts: number
  identities: number
  events: number
  scoreHistory: number
  outbox: number
  deadLetters: number
  crmIds: number
}

/**
 * The storage port. Two adapters (SQLite embedded, PostgreSQL) implement it and pass the same test suite.
 * Every method is atomic on its own.
 */
export interface Store {
  /**
   * Appends events in one durable transaction; a messageId stored under the same source, and still kept, is a
   * duplicate. Seqs only grow, even past deleted events: the processor's cursor must never pass a new one. Fails with
   * `storage_failure`, saying why (disk full, locked, …), when they could not be stored.
   */
  appendEvents(events: readonly NewEvent[]): Promise<AppendOutcome[]>
  /**
   * Commits a tiny write the way an append would (where the events go), and fails as an append would fail now, with
   * `storage_failure` saying why. `/healthz` calls it (at most once a second) to tell whether the service can take
   * events, also while no events arrive.
   */
  probeWrite(): Promise<void>
  /**
   * Up to `limit` events after the position `after` (`LOG_START` for the first), in log order, and none past
   * `through` when given. Log order is the order in which events can no longer be preceded by one committed later:
   * a reader that goes on from the position of the last event it read never skips one.
   */
  readEvents(after: LogPosition, limit: number, through?: LogPosition): Promise<StoredEvent[]>
  /** The position of the last event the processor applied (`LOG_START` before any). */
  readCursor(): Promise<LogPosition>
  /** How many events are in the log after `after`, and when the first of them was received (null when none). */
  logLag(after: LogPosition): Promise<{ events: number; oldestReceivedAtMs: number | null }>
  /**
   * Deletes up to `limit` events received before `receivedBeforeMs` at or before the position `through` (the
   * processor has applied them), oldest first; answers how many went. Call again while it answers `limit`.
   */
  deleteEventsReceivedBefore(receivedBeforeMs: number, through: LogPosition, limit: number): Promise<number>
  /** A small named value the service keeps between runs (e.g. the model version it last scored with). */
  readSetting(key: string): Promise<string | undefined>
  writeSetting(key: string, value: string): Promise<void>
  /** Ids of every contact or company after `afterId`, in id order: for walking all entities in pages. */
  listEntityIds(kind: EntityKind, afterId: string, limit: number): Promise<string[]>
  countEntities(kind: EntityKind): Promise<number>
  /**
   * A page of whole contacts in the order the store keeps them, after the opaque `cursor` (`''` for the first page),
   * with the cursor of the next page: for walking every contact with the fewest page reads and writes.
   */
  scanContacts(cursor: string, limit: number): Promise<{ contacts: ContactRecord[]; cursor: string }>

  resolveIdentities(keys: readonly { kind: IdentityLink['kind']; value: string }[]): Promise<IdentityLink[]>
  loadContacts(ids: readonly string[]): Promise<ContactRecord[]>
  loadCompanies(ids: readonly string[]): Promise<CompanyRecord[]>
  /**
   * Looks at up to `limit` identity links after `afterKey` (`''` first), in key order, and answers those that name
   * `contactId`, with the key to go on after: null once the last link was looked at.
   */
  identityLinksNaming(
    contactId: string,
    afterKey: string,
    limit: number,
  ): Promise<{ links: IdentityLink[]; nextAfterKey: string | null }>
  /**
   * Looks at up to `limit` events after `afterSeq`, in seq order, and answers the seqs of those that name one of `ids`
   * (a `user` id as userId, an `anon` id as anonymousId, either as an alias' previousId), with the seq to go on
   * after (null once the last event was looked at) and the seq of the last event looked at.
   */
  eventSeqsNaming(
    ids: readonly Pick<IdentityLink, 'kind' | 'value'>[],
    afterSeq: number,
    limit: number,
  ): Promise<{ seqs: number[]; nextAfterSeq: number | null; throughSeq: number }>
  /**
   * In one transaction: removes a contact, the links of `erasure`, the events of its ids, its score history, its
   * pending CRM change, its dead letters and its CRM id; then commits `step` (its company re-scored without it).
   */
  forgetContact(erasure: ContactErasure, step: ProcessingCommit): Promise<ErasureCounts>
  /** Ids of the contacts that belong to a company now. */
  contactIdsOfCompany(companyId: string): Promise<string[]>
  /** Entities whose `nextChangeAtMs` is at or before `nowMs`, earliest first. */
  dueEntities(nowMs: number, limit: number): Promise<{ kind: EntityKind; id: string }[]>
  /** The earliest `nextChangeAtMs` of any entity, or null. */
  nextDueAtMs(): Promise<number | null>
  commit(step: ProcessingCommit): Promise<void>
  /**
   * The cut-offs of a score's top percentages among the entities of `kind` that have it: for each of `topPercents`,
   * the value at rank `cutoffRank(topPercent, subjects)` counted from the highest (tied values share their ranks).
   * `subjects` is how many entities have the score; `values` is empty when none has.
   */
  scoreCutoffs(
    kind: EntityKind,
    score: string,
    topPercents: readonly number[],
  ): Promise<{ subjects: number; values: number[] }>
  /**
   * Looks at up to `limit` entities of `kind` after `afterId`, in id order, and answers the value and label of
   * `score` of those that have it, and the id to go on after: null once the last entity was looked at.
   */
  scoreLabels(
    kind: EntityKind,
    score: string,
    afterId: string,
    limit: number,
  ): Promise<{ entries: { id: string; value: number; label: string | null }[]; nextAfterId: string | null }>

  /** A contact by email (case-insensitive) or userId. */
  findContact(key: string): Promise<ContactRecord | undefined>
  getCompany(id: string): Promise<CompanyRecord | undefined>
  /** Score changes of an entity, oldest first. */
  history(kind: EntityKind, id: string): Promise<HistoryEntry[]>
  /** Deletes score history older than `beforeMs`; returns how many entries went. */
  pruneHistory(beforeMs: number): Promise<number>

  /** Pending CRM changes, oldest first. */
  readOutbox(objectType: CrmObjectType, limit: number): Promise<OutboxEntry[]>
  outboxSize(): Promise<{ contacts: number; companies: number; oldestChangedAtMs: number | null }>
  /** Removes entries that are still at the version that was sent: HubSpot has confirmed them. */
  confirmOutbox(entries: readonly Pick<OutboxEntry, 'objectType' | 'entityId' | 'version'>[]): Promise<void>
  /** Counts a failed attempt on entries, leaving them pending. */
  failOutbox(entries: readonly Pick<OutboxEntry, 'objectType' | 'entityId'>[]): Promise<void>
  /** Moves an entry HubSpot refused for good to the dead letters, with HubSpot's reason. */
  deadLetter(entry: OutboxEntry, reason: string, atMs: number): Promise<void>
  deadLetters(limit: number): Promise<DeadLetter[]>
  deadLetterCount(): Promise<number>
  /** Every dead letter, oldest first (for a replay). */
  allDeadLetters(): Promise<DeadLetter[]>
  /**
   * In one transaction: merges `changes` into the outbox and removes the dead letters `ids`. A change marked
   * `underPending` goes beneath any pending change of the same record (its values are older); the others on top,
   * as `commit` does.
   */
  requeueDeadLetters(
    ids: readonly number[],
    changes: readonly (OutboxChange & { underPending?: boolean })[],
  ): Promise<void>
  /** HubSpot record ids, once HubSpot has told them. */
  saveCrmIds(objectType: CrmObjectType, ids: readonly { entityId: string; crmId: string }[]): Promise<void>
  crmIds(objectType: CrmObjectType, entityIds: readonly string[]): Promise<Map<string, string>>
  /** Up to `limit` stored HubSpot ids of an object type, the first by entity id (a sample to check they still hold). */
  someCrmIds(objectType: CrmObjectType, limit: number): Promise<{ entityId: string; crmId: string }[]>
  /** Forgets stored HubSpot ids: those of `entityIds`, or every one of the object type when absent. */
  forgetCrmIds(objectType: CrmObjectType, entityIds?: readonly string[]): Promise<void>

  /**
   * How another thread can open its own connection to the same data (to read while this one writes); undefined
   * when it cannot (an in-memory store).
   */
  connection(): StoreConnection | undefined
  close(): Promise<void>
}
