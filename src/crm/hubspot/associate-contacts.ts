import { z } from 'zod'
import type { Store } from '../../storage/store.ts'
import { hubspotErrorSchema } from './hubspot-error.ts'
import type { Answer, PortalCaller } from './portal-caller.ts'
import { readIds, upsertInput } from './upsert-records.ts'
import { objectBatchSchema } from './upsert-response.ts'

/** A contact HubSpot has confirmed, to associate with its company (a groupId). */
export interface AssociationRequest {
  entityId: string
  contactId: string
  groupId: string
}

export interface AssociationOutcome {
  /** Entity ids whose association HubSpot confirmed. */
  done: Set<string>
  /** Entity ids to try again later. */
  pending: Set<string>
  failure: Extract<Answer, { kind: 'transient' }> | undefined
}

const associationBatchSchema = z.object({
  results: z.array(
    z.object({
      from: z.object({ id: z.union([z.string(), z.number()]).transform(String) }),
      to: z.object({ id: z.union([z.string(), z.number()]).transform(String) }),
      associationSpec: z.object({ associationTypeId: z.number().optional() }).optional(),
    }),
  ),
  errors: z.array(hubspotErrorSchema).optional(),
})

/** What associating needs beside HubSpot: the stored company ids, and a way to send a company again whole. */
export interface AssociationDeps {
  store: Pick<Store, 'crmIds' | 'saveCrmIds' | 'forgetCrmIds'>
  /** Puts whole companies (groupIds) back in the outbox. */
  resendCompanies: (groupIds: readonly string[]) => Promise<number>
  log: (line: string) => void
}

/**
 * Associates contacts with their companies (v4 batch associate, default type), once both HubSpot ids are known.
 * Company ids come from the store; a company HubSpot has not told us yet is resolved by upserting it by its
 * `product_account_id` (nothing but that value). When HubSpot answers a stored company id with another record
 * (the company was merged), or not at all (no such record), the company is read again by `product_account_id`: its
 * stored id is updated and the association made with the record that holds the groupId now, or, when HubSpot holds
 * none (it was deleted there), the stored id is forgotten and the company sent again whole, its contacts waiting for
 * it.
 */
export async function associateContacts(
  caller: PortalCaller,
  deps: AssociationDeps,
  requests: readonly AssociationRequest[],
): Promise<AssociationOutcome> {
  const { store, log } = deps
  const outcome: AssociationOutcome = { done: new Set(), pending: new Set(), failure: undefined }
  if (requests.length === 0) return outcome
  const groupIds = [...new Set(requests.map((r) => r.groupId))]
  const companyIds = await store.crmIds('companies', groupIds)
  const unknown = groupIds.filter((groupId) => !companyIds.has(groupId))
  if (unknown.length > 0) {
    const ensured = await ensureCompanies(caller, unknown)
    if (ensured.failure !== undefined) outcome.failure = ensured.failure
    await saveIds(store, ensured.ids)
    for (const [groupId, id] of ensured.ids) companyIds.set(groupId, id)
  }
  const ready = requests.filter((r) => companyIds.has(r.groupId))
  for (const r of requests) if (!companyIds.has(r.groupId)) outcome.pending.add(r.entityId)

  const first = await associate(caller, ready, companyIds)
  if (first.failure !== undefined) outcome.failure = first.failure
  // Stored company ids that HubSpot answered with another record, or not at all: re-read by groupId, and fix.
  const unanswered = ready.filter((r) => first.pending.has(r.entityId))
  const stale = [...new Set([...first.moved, ...unanswered].map((r) => r.groupId))]
  let retry: AssociationRequest[] = []
  if (stale.length > 0 && first.failure === undefined) {
    const read = await readIds(caller, 'companies', stale)
    // HubSpot could not answer: leave the contacts pending, the stored ids as they are.
    const fresh = read ?? new Map<string, string>()
    const storedBefore = new Map(companyIds)
    for (const [groupId, id] of fresh) {
      if (id === companyIds.get(groupId)) continue
      log(`HubSpot: company ${groupId} now answers as record ${id} (was ${companyIds.get(groupId)}): merged`)
      companyIds.set(groupId, id)
    }
    await saveIds(store, fresh)
    retry = first.moved.filter((r) => fresh.has(r.groupId) && fresh.get(r.groupId) !== first.answeredAs.get(r.entityId))
    for (const r of first.moved) if (!retry.includes(r)) first.done.add(r.entityId)
    retry.push(
      ...unanswered.filter((r) => fresh.has(r.groupId) && fresh.get(r.groupId) !== storedBefore.get(r.groupId)),
    )
    for (const r of retry) first.pending.delete(r.entityId)
    if (read !== undefined)
      await forgetMissing(
        deps,
        stale.filter((groupId) => !fresh.has(groupId)),
      )
  }
  const second = await associate(caller, retry, companyIds)
  if (second.failure !== undefined) outcome.failure = second.failure
  for (const id of [...first.done, ...second.done, ...second.moved.map((r) => r.entityId)]) outcome.done.add(id)
  for (const id of [...first.pending, ...second.pending]) outcome.pending.add(id)
  return outcome
}

/** Companies HubSpot no longer holds: their stored ids are forgotten, and they are sent again whole. */
async function forgetMissing(deps: AssociationDeps, groupIds: readonly string[]): Promise<void> {
  if (groupIds.length === 0) return
  await deps.store.forgetCrmIds('companies', groupIds)
  const resent = await deps.resendCompanies(groupIds)
  deps.log(
    `HubSpot no longer held ${groupIds.length} companies upscore had synced (deleted there?): ${resent} sent again ` +
      'whole; their contacts are associated once they are back',
  )
}

async function saveIds(store: Pick<Store, 'saveCrmIds'>, ids: Map<string, string>): Promise<void> {
  if (ids.size === 0) return
  await store.saveCrmIds(
    'companies',
    [...ids].map(([entityId, crmId]) => ({ entityId, crmId })),
  )
}

async function ensureCompanies(
  caller: PortalCaller,
  groupIds: readonly string[],
): Promise<{ ids: Map<string, string>; failure: AssociationOutcome['failure'] }> {
  const answer = await caller.call(
    {
      method: 'POST',
      path: '/crm/v3/objects/companies/batch/upsert',
      body: { inputs: groupIds.map((groupId) => upsertInput('companies', { idValue: groupId, properties: {} })) },
    },
    `resolve ${groupIds.length} companies`,
  )
  if (answer.kind !== 'ok') return { ids: new Map(), failure: answer.kind === 'transient' ? answer : undefined }
  const parsed = objectBatchSchema.safeParse(answer.body)
  if (!parsed.success) return { ids: new Map(), failure: undefined }
  const ids = new Map<string, string>()
  const wanted = new Set(groupIds)
  for (const result of parsed.data.results) {
    const groupId = result.properties?.product_account_id
    if (typeof groupId === 'string' && wanted.has(groupId)) ids.set(groupId, result.id)
  }
  return { ids, failure: undefined }
}

interface Round {
  done: Set<string>
  pending: Set<string>
  /** Requests HubSpot associated with another company record than the id sent. */
  moved: AssociationRequest[]
  answeredAs: Map<string, string>
  failure: AssociationOutcome['failure']
}

async function associate(
  caller: PortalCaller,
  requests: readonly AssociationRequest[],
  companyIds: ReadonlyMap<string, string>,
): Promise<Round> {
  const round: Round = { done: new Set(), pending: new Set(), moved: [], answeredAs: new Map(), failure: undefined }
  if (requests.length === 0) return round
  const pairs = requests.map((r) => ({ request: r, from: r.contactId, to: companyIds.get(r.groupId) ?? '' }))
  const inputs = [
    ...new Map(pairs.map((p) => [`${p.from}>${p.to}`, { from: { id: p.from }, to: { id: p.to } }])).values(),
  ]
  const answer = await caller.call(
    { method: 'POST', path: '/crm/v4/associations/contacts/companies/batch/associate/default', body: { inputs } },
    `associate ${inputs.length} contacts`,
  )
  if (answer.kind !== 'ok') {
    for (const r of requests) round.pending.add(r.entityId)
    if (answer.kind === 'transient') round.failure = answer
    return round
  }
  const parsed = associationBatchSchema.safeParse(answer.body)
  const results = parsed.success ? parsed.data.results : []
  const answered = new Map<string, string[]>()
  // Default associations answer both directions; keep contact → company (company → contact is 280, or 2 primary).
  const toCompany = results.filter((r) => ![280, 2].includes(r.associationSpec?.associationTypeId ?? -1))
  for (const result of toCompany) answered.set(result.from.id, [...(answered.get(result.from.id) ?? []), result.to.id])
  for (const pair of pairs) {
    const targets = answered.get(pair.from) ?? []
    if (targets.includes(pair.to)) round.done.add(pair.request.entityId)
    else if (targets.length > 0) {
      round.moved.push(pair.request)
      round.answeredAs.set(pair.request.entityId, targets[0] ?? '')
    } else round.pending.add(pair.request.entityId)
  }
  return round
}
