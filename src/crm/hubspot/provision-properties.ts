import { COMPANY_ID_PROPERTY, type CompiledModel } from '../../scoring/compiled-model.ts'
import type { CrmObjectType } from '../../storage/store.ts'
import { describeHubspotError } from './hubspot-error.ts'
import { type HubspotProperty, propertyBatchSchema } from './hubspot-property.ts'
import type { Answer, PortalCaller } from './portal-caller.ts'
import { toPropertyCreate } from './property-types.ts'

/** The definitions HubSpot holds of the properties upscore writes, by object type and name. */
export type PropertyCatalog = Record<CrmObjectType, Map<string, HubspotProperty>>

export type ProvisionOutcome =
  | { ok: true; catalog: PropertyCatalog }
  | { ok: false; answer: Exclude<Answer, { kind: 'ok' }> | undefined; reason: string }

/** HubSpot's own properties upscore writes besides the model's (the processor sends a company's `name`). */
const builtInProperties: Record<CrmObjectType, readonly string[]> = { contacts: [], companies: ['name'] }

const objectTypes: readonly CrmObjectType[] = ['companies', 'contacts']

/**
 * Makes sure HubSpot has the property group and every property of the model, typed, and reads back their
 * definitions (to validate values before sending). Asks only for the properties it needs (batch read by name),
 * creates only the missing ones (batch create), and takes "already exists" (409) as success.
 */
export async function provisionProperties(
  caller: PortalCaller,
  model: CompiledModel,
  log: (line: string) => void,
): Promise<ProvisionOutcome> {
  const catalog: PropertyCatalog = { contacts: new Map(), companies: new Map() }
  const problems: string[] = []
  for (const objectType of objectTypes) {
    const wanted = model.crmProperties.filter((p) => p.objectType === objectType)
    const names = [...wanted.map((p) => p.name), ...builtInProperties[objectType]]
    const read = await readProperties(caller, objectType, names)
    if (!read.ok) return read
    for (const property of read.properties) catalog[objectType].set(property.name, property)
    const missing = wanted.filter((p) => !catalog[objectType].has(p.name))
    if (missing.length > 0) {
      const group = await createGroup(caller, objectType, model.propertyGroup)
      if (!group.ok) return group
      const created = await createProperties(
        caller,
        objectType,
        missing.map((p) => toPropertyCreate(p, model.propertyGroup.name)),
      )
      if (!created.ok) return created
      for (const property of created.properties) catalog[objectType].set(property.name, property)
      log(`HubSpot: created ${objectType} properties ${created.properties.map((p) => p.name).join(', ')}`)
      problems.push(...created.problems)
    }
    const stillMissing = wanted.filter((p) => !catalog[objectType].has(p.name)).map((p) => p.name)
    if (stillMissing.length > 0) {
      const why = problems.length === 0 ? '' : ` (${problems.join('; ')})`
      return {
        ok: false,
        answer: undefined,
        reason: `HubSpot has no ${objectType} properties ${stillMissing.join(', ')}${why}`,
      }
    }
    for (const p of wanted) {
      const actual = catalog[objectType].get(p.name)
      const expected = toPropertyCreate(p, model.propertyGroup.name).type
      if (actual !== undefined && actual.type !== expected) {
        log(`HubSpot: ${objectType} property ${p.name} is a ${actual.type} in HubSpot, upscore writes a ${expected}`)
      }
    }
  }
  if (catalog.companies.get(COMPANY_ID_PROPERTY)?.hasUniqueValue === false) {
    log(
      `HubSpot: company property ${COMPANY_ID_PROPERTY} does not have unique values; companies cannot be upserted by it`,
    )
  }
  return { ok: true, catalog }
}

type Step<T> = ({ ok: true } & T) | Extract<ProvisionOutcome, { ok: false }>

const failed = (answer: Exclude<Answer, { kind: 'ok' }>, what: string): Extract<ProvisionOutcome, { ok: false }> => ({
  ok: false,
  answer,
  reason:
    answer.kind === 'refused'
      ? `${what}: ${describeHubspotError(answer.error, answer.status)}`
      : answer.kind === 'transient'
        ? `${what}: ${answer.reason}`
        : `${what}: stopped`,
})

async function readProperties(
  caller: PortalCaller,
  objectType: CrmObjectType,
  names: readonly string[],
): Promise<Step<{ properties: HubspotProperty[] }>> {
  const answer = await caller.call(
    {
      method: 'POST',
      path: `/crm/v3/properties/${objectType}/batch/read`,
      body: { archived: false, inputs: names.map((name) => ({ name })) },
    },
    `read ${objectType} properties`,
  )
  if (answer.kind !== 'ok') return failed(answer, `reading ${objectType} properties`)
  const parsed = propertyBatchSchema.safeParse(answer.body)
  if (!parsed.success)
    return { ok: false, answer: undefined, reason: `unexpected answer reading ${objectType} properties` }
  return { ok: true, properties: parsed.data.results }
}

async function createGroup(
  caller: PortalCaller,
  objectType: CrmObjectType,
  group: { name: string; label: string },
): Promise<Step<object>> {
  const answer = await caller.call(
    {
      method: 'POST',
      path: `/crm/v3/properties/${objectType}/groups`,
      body: { name: group.name, label: group.label, displayOrder: -1 },
    },
    `create ${objectType} property group`,
  )
  if (answer.kind === 'ok' || (answer.kind === 'refused' && answer.status === 409)) return { ok: true }
  return failed(answer, `creating the ${objectType} property group ${group.name}`)
}

async function createProperties(
  caller: PortalCaller,
  objectType: CrmObjectType,
  inputs: readonly ReturnType<typeof toPropertyCreate>[],
): Promise<Step<{ properties: HubspotProperty[]; problems: string[] }>> {
  const answer = await caller.call(
    { method: 'POST', path: `/crm/v3/properties/${objectType}/batch/create`, body: { inputs } },
    `create ${objectType} properties`,
  )
  if (answer.kind !== 'ok') return failed(answer, `creating ${objectType} properties`)
  const parsed = propertyBatchSchema.safeParse(answer.body)
  if (!parsed.success)
    return { ok: false, answer: undefined, reason: `unexpected answer creating ${objectType} properties` }
  const properties = [...parsed.data.results]
  // Another process may have created some meanwhile: "already exists" is success, read those back.
  const errors = parsed.data.errors ?? []
  const isExisting = (e: (typeof errors)[number]) =>
    /ALREADY_EXISTS|CONFLICT/.test(e.category ?? '') || /already exists/i.test(e.message ?? '')
  const existing = errors.filter(isExisting).flatMap((e) => e.context?.name ?? e.context?.names ?? [])
  if (existing.length > 0) {
    const read = await readProperties(caller, objectType, existing)
    if (!read.ok) return read
    properties.push(...read.properties)
  }
  const problems = errors.filter((e) => !isExisting(e)).map((e) => `${e.category ?? 'error'}: ${e.message ?? ''}`)
  return { ok: true, properties, problems }
}
