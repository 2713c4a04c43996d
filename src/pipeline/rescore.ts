import { changedCrmValues, companyCrmValues, crmValuesOf } from '../crm/crm-values.ts'
import type { EntityModel } from '../properties/compiled-property.ts'
import { compactState, computeValues, emptyEntityState, sameShare, setMember } from '../properties/entity-state.ts'
import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import { type Evaluation, evaluateCompany, evaluateContact } from '../scoring/evaluate-entity.ts'
import { memberContribution } from '../scoring/member-contribution.ts'
import type { ScoreCause } from '../scoring/score-result.ts'
import type { SubjectDefinitions } from '../scoring/value-changes.ts'
import { jsonText } from '../storage/json-text.ts'
import type { CompanyRecord, ContactRecord } from '../storage/records.ts'
import type { OutboxChange, ProcessingCommit, Store } from '../storage/store.ts'
import { historyRows, withStepChanges } from './history-rows.ts'
import { historyEvents } from './step-events.ts'
import { loadContacts, type WorkingContact, type WorkingSet } from './working-set.ts'

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
/** For values and scores only, which are replaced and never edited: their JSON text is kept (see json-text.ts). */
const sameText = (a: object, b: object) => jsonText(a) === jsonText(b)

const unchanged = (before: ContactRecord | undefined, after: Evaluation) =>
  before !== undefined &&
  before.nextChangeAtMs === after.nextChangeAtMs &&
  sameText(before.values, after.values) &&
  sameText(before.scores, after.scores) &&
  after.fired.length === 0

export interface RescoreCounts {
  contacts: number
  companies: number
}

export interface RescoreOptions {
  /** Whether a company whose values change re-scores its members. */
  fanOut: boolean
  /**
   * Companies whose members' shares changed are added here, with their state updated, instead of being re-evaluated
   * and written now: a walk over every contact evaluates each of them once at the end.
   */
  heldCompanies?: Set<string>
  /**
   * When given, a contact's share is not set on its company's state (which need not be loaded): it is compared with
   * the share its stored values and scores give, which is what the company holds, and noted here by company when
   * it differs. Only for a walk after a model change that rebuilt no property, where the stored shares are exactly
   * those (a rebuild of activity leaves other shares).
   */
  shareChanges?: ShareChanges
}

/** Member shares that changed, by company, then by contact, and how many there are. */
export interface ShareChanges {
  byCompany: Map<string, Map<string, Record<string, number>>>
  count: number
}

/** At most this many rounds of company ↔ member updates; with no cycles (checked by the model) two settle it. */
const MAX_ROUNDS = 4

/**
 * Re-evaluates what a step touched, at `nowMs`, in rounds: companies, then contacts (their scores read their
 * company), then each contact's contribution to its company (active users, roll-ups); a company whose members
 * changed is evaluated again, and when its values change its members are re-scored. Then builds the commit from
 * the final state: new records, a history row per changed score, and the CRM changes.
 */
export async function rescore(
  store: Store,
  model: CompiledModel,
  ws: WorkingSet,
  cause: ScoreCause,
  nowMs: number,
  options: RescoreOptions = { fanOut: true },
): Promise<{ commit: ProcessingCommit; counts: RescoreCounts }> {
  const companies = new Map<string, Evaluation>()
  const contacts = new Map<string, Evaluation>()
  let companiesToEvaluate = new Set(ws.touchedCompanies)
  let contactsToScore = new Set(
    [...ws.touchedContacts, ...ws.rescoredContacts].filter((id) => !ws.deletedContacts.has(id)),
  )

  let byCompany: Map<string, string[]> | undefined
  /** The step's contacts by company, as they are now (built once, on first need). */
  const membersInStep = () => {
    if (byCompany === undefined) {
      byCompany = new Map()
      for (const contact of ws.contacts.values()) {
        if (contact.companyId === undefined) continue
        const list = byCompany.get(contact.companyId) ?? []
        list.push(contact.id)
        byCompany.set(contact.companyId, list)
      }
    }
    return byCompany
  }
  for (let round = 0; round < MAX_ROUNDS && (companiesToEvaluate.size > 0 || contactsToScore.size > 0); round++) {
    for (const id of companiesToEvaluate) {
      const company = ws.companies.get(id)
      if (company === undefined) continue
      compactState(model.company, company.state, nowMs)
      const previous = companies.get(id)?.values ?? company.before?.values
      const evaluation = evaluateCompany(model, company.state, nowMs, company.before?.values)
      company.state.triggers = evaluation.triggers
      companies.set(id, evaluation)
      if (options.fanOut && !sameJson(previous, evaluation.values)) {
        // The stored members, less those that moved away in this step, plus those that joined.
        const members = new Set(
          (await store.contactIdsOfCompany(id)).filter((m) => {
            const contact = ws.contacts.get(m)
            return contact === undefined || contact.companyId === id
          }),
        )
        for (const m of membersInStep().get(id) ?? []) members.add(m)
        await loadContacts(store, ws, members)
        for (const member of members) if (!ws.deletedContacts.has(member)) contactsToScore.add(member)
      }
    }
    const changedCompanies = new Set<string>()
    for (const id of contactsToScore) {
      const contact = ws.contacts.get(id)
      if (contact === undefined) continue
      compactState(model.contact, contact.state, nowMs)
      const company = contact.companyId === undefined ? undefined : ws.companies.get(contact.companyId)
      const values =
        contact.companyId === undefined
          ? {}
          : (companies.get(contact.companyId)?.values ?? company?.before?.values ?? {})
      const evaluation = evaluateContact(model, contact.state, values, nowMs, contact.before?.values)
      contact.state.triggers = evaluation.triggers
      contacts.set(id, evaluation)
      if (company === undefined) continue
      const share = memberContribution(model, contact.state.activity, evaluation.values, evaluation.scores)
      if (options.shareChanges !== undefined) {
        const before = contact.before
        const stored =
          before === undefined
            ? undefined
            : memberContribution(model, contact.state.activity, before.values, before.scores)
        if (!sameShare(stored, share)) noteShare(options.shareChanges, company.id, id, share)
      } else if (setMember(company.state, id, share)) {
        if (options.heldCompanies !== undefined) options.heldCompanies.add(company.id)
        else changedCompanies.add(company.id)
      }
    }
    for (const id of ws.changedMemberships) changedCompanies.add(id)
    ws.changedMemberships.clear()
    companiesToEvaluate = changedCompanies
    contactsToScore = new Set()
  }
  return buildCommit(model, ws, companies, contacts, cause, nowMs)
}

function noteShare(changes: ShareChanges, companyId: string, contactId: string, share: Record<string, number>) {
  let shares = changes.byCompany.get(companyId)
  if (shares === undefined) {
    shares = new Map()
    changes.byCompany.set(companyId, shares)
  }
  if (!shares.has(contactId)) changes.count++
  shares.set(contactId, share)
}

function buildCommit(
  model: CompiledModel,
  ws: WorkingSet,
  companies: ReadonlyMap<string, Evaluation>,
  contacts: ReadonlyMap<string, Evaluation>,
  cause: ScoreCause,
  nowMs: number,
): { commit: ProcessingCommit; counts: RescoreCounts } {
  const commit: ProcessingCommit & {
    contactUpdates: ContactRecord[]
    contactScores: NonNullable<ProcessingCommit['contactScores']>
  } = {
    contacts: [],
    contactUpdates: [],
    contactScores: [],
    companies: [],
    deletedContactIds: [...ws.deletedContacts],
    identities: [],
    history: [],
    outbox: [],
  }
  const companyDefinitions: SubjectDefinitions = {
    properties: model.company.properties,
    segments: model.companySegments,
  }
  const contactDefinitions: SubjectDefinitions = {
    properties: model.contact.properties,
    segments: model.contactSegments,
  }
  // What an entity the step creates had before its events: the values of one with none (false, 0, absent), so its
  // first history entry lists what its events set. Worked out once per commit: a step may create thousands.
  const noEvents = new Map<EntityModel, Record<string, PropertyValue>>()
  const valuesWithNoEvents = (entity: EntityModel) => {
    let values = noEvents.get(entity)
    if (values === undefined) {
      values = computeValues(entity, emptyEntityState(), nowMs).values
      noEvents.set(entity, values)
    }
    return values
  }
  for (const [id, evaluation] of companies) {
    const company = ws.companies.get(id)
    if (company === undefined) continue
    const record: CompanyRecord = {
      id,
      name: company.name,
      state: company.state,
      values: evaluation.values,
      scores: evaluation.scores,
      nextChangeAtMs: evaluation.nextChangeAtMs,
      updatedAtMs: nowMs,
    }
    commit.companies.push(record)
    const rows = historyRows('company', id, company.before?.scores, evaluation.scores, cause, nowMs)
    if (rows.length > 0) {
      const step = {
        definitions: companyDefinitions,
        before: company.before?.values ?? valuesWithNoEvents(model.company),
        after: evaluation.values,
        events: historyEvents(ws.events, ws.companyEvents.get(id) ?? []),
      }
      commit.history.push(...withStepChanges(rows, step))
    }
    const crmBefore = company.before === undefined ? undefined : companyCrmValues(model, company.before)
    const changed = changedCrmValues(crmBefore, companyCrmValues(model, record))
    if (Object.keys(changed).length > 0) {
      commit.outbox.push({
        objectType: 'companies',
        entityId: id,
        idValue: id,
        properties: changed,
        changedAtMs: nowMs,
      })
    }
  }
  for (const [id, evaluation] of contacts) {
    const contact = ws.contacts.get(id)
    if (contact === undefined || ws.deletedContacts.has(id)) continue
    // A member re-scored only because its company changed, whose values, scores and schedule did not move, has
    // nothing to write (its state only changes with its own events or time): most of a company's fan-out.
    if (!ws.touchedContacts.has(id) && unchanged(contact.before, evaluation)) continue
    const record: ContactRecord = {
      id,
      userId: contact.userId,
      email: contact.email,
      companyId: contact.companyId,
      state: contact.state,
      values: evaluation.values,
      scores: evaluation.scores,
      nextChangeAtMs: evaluation.nextChangeAtMs,
      updatedAtMs: nowMs,
    }
    const before = contact.before
    const sameKeys =
      before !== undefined &&
      before.userId === record.userId &&
      before.email === record.email &&
      before.companyId === record.companyId
    // With no event, the state changed at most by dropping what expired (not worth writing) or in its triggers.
    const triggersMoved = !sameJson(
      (before?.state as { triggers?: unknown } | undefined)?.triggers ?? {},
      evaluation.triggers,
    )
    if (sameKeys && !ws.touchedContacts.has(id) && !triggersMoved)
      commit.contactScores.push({
        id,
        valuesJson: jsonText(record.values),
        scoresJson: jsonText(record.scores),
        nextChangeAtMs: record.nextChangeAtMs,
        updatedAtMs: nowMs,
        scheduleUnchanged: before.nextChangeAtMs === record.nextChangeAtMs,
      })
    else if (sameKeys) commit.contactUpdates.push(record)
    else commit.contacts.push(record)
    const rows = historyRows('contact', id, before?.scores, evaluation.scores, cause, nowMs)
    if (rows.length > 0) {
      const companyMoved = companyMove(ws, companies, contact)
      const step = {
        definitions: contactDefinitions,
        before: before?.values ?? valuesWithNoEvents(model.contact),
        after: evaluation.values,
        events: historyEvents(ws.events, ws.contactEvents.get(id) ?? []),
        company: companyMoved === undefined ? undefined : { definitions: companyDefinitions, ...companyMoved },
      }
      commit.history.push(...withStepChanges(rows, step))
    }
    const change = contactOutboxChange(
      model,
      contact.before,
      record,
      ws.movedContacts.has(id),
      ws.changedAtMs.get(id) ?? nowMs,
    )
    if (change !== undefined) commit.outbox.push(change)
  }
  const contactsWritten = commit.contacts.length + commit.contactUpdates.length + commit.contactScores.length
  return { commit, counts: { contacts: contactsWritten, companies: commit.companies.length } }
}

/**
 * The values of a contact's company before and after the step, when they moved in it: the contact's history lists the
 * company's properties that moved (`company.plan_type`), not the company's events — those of every colleague, which
 * would crowd out the contact's own and cost a processing step ~5 % of its time.
 */
function companyMove(ws: WorkingSet, companies: ReadonlyMap<string, Evaluation>, contact: WorkingContact) {
  if (contact.companyId === undefined) return undefined
  const evaluated = companies.get(contact.companyId)
  const after = evaluated?.values ?? ws.companies.get(contact.companyId)?.before?.values
  // A contact that joined another company in the step compares with the company it left (none for a new one).
  const formerId = contact.before?.companyId
  const joined = formerId !== contact.companyId
  if (after === undefined || (!joined && evaluated === undefined)) return undefined
  const before = formerId === undefined ? undefined : ws.companies.get(formerId)?.before?.values
  if (before !== undefined && sameText(before, after)) return undefined
  return { before, after }
}

/** Contacts reach the CRM by email: none is sent until the contact has one, then everything at once. */
function contactOutboxChange(
  model: CompiledModel,
  before: ContactRecord | undefined,
  after: ContactRecord,
  moved: boolean,
  changedAtMs: number,
): OutboxChange | undefined {
  if (after.email === undefined) return undefined
  const isNewToCrm = before?.email === undefined || before.email.toLowerCase() !== after.email.toLowerCase()
  const crmBefore =
    isNewToCrm || before === undefined ? undefined : crmValuesOf(model, 'contacts', before.values, before.scores)
  const changed = changedCrmValues(crmBefore, crmValuesOf(model, 'contacts', after.values, after.scores))
  const associate = after.companyId !== undefined && (moved || isNewToCrm)
  if (Object.keys(changed).length === 0 && !associate) return undefined
  return {
    objectType: 'contacts',
    entityId: after.id,
    idValue: after.email,
    properties: changed,
    ...(associate && after.companyId !== undefined ? { companyId: after.companyId } : {}),
    changedAtMs,
  }
}
