/** An answer of upscore's read API or of the simulator's controls. */
// biome-ignore lint/suspicious/noExplicitAny: the checks look into answers of several shapes
type Json = any

export interface Endpoints {
  /** upscore's base URL. */
  url: string
  adminToken: string
  /** The HubSpot simulator's base URL. */
  hubspotUrl: string
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function getJson(url: string, token?: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } })
  return { status: response.status, body: await response.json() }
}

/** A value as HubSpot holds it: strings, `""` or nothing for no value. */
const asCrmText = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'boolean' ? String(value) : String(value)

/** Polls `probe` until it answers undefined (settled) or the time is up; resolves with the last problem. */
async function until(probe: () => Promise<string | undefined>, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const problem = await probe()
    if (problem === undefined || Date.now() > deadline) return problem
    await sleep(250)
  }
}

/**
 * Every contact's `widgets_created` as the read API has it, once no publish is under way. A count above the
 * expected one is reported at once (an event counted twice); one below is waited for (the processor catching up).
 */
export async function checkCounts(
  endpoints: Endpoints,
  widgetsByEmail: ReadonlyMap<string, number>,
  timeoutMs: number,
): Promise<string[]> {
  const published = await until(async () => {
    const model = await getJson(`${endpoints.url}/api/model`, endpoints.adminToken)
    return model.body.publishing === null
      ? undefined
      : `a publish is still under way: ${JSON.stringify(model.body.publishing)}`
  }, timeoutMs)
  if (published !== undefined) return [published]
  let twice: string[] = []
  const missing = await until(async () => {
    const short: string[] = []
    for (const [email, expected] of widgetsByEmail) {
      const contact = await getJson(`${endpoints.url}/api/contacts/${encodeURIComponent(email)}`, endpoints.adminToken)
      const counted = contact.status === 200 ? (contact.body.properties.widgets_created ?? 0) : 0
      if (counted > expected) twice.push(`${email}: ${counted} widgets counted, ${expected} sent`)
      else if (counted < expected) short.push(`${email}: ${counted} of ${expected}`)
    }
    if (twice.length > 0) return undefined
    return short.length === 0
      ? undefined
      : `not counted yet after ${timeoutMs} ms: ${short.slice(0, 5).join('; ')} (${short.length} contacts)`
  }, timeoutMs)
  twice = twice.slice(0, 10)
  return [...twice, ...(missing === undefined ? [] : [missing])]
}

/** How every HubSpot record differs from the read API's values and scores of its contact or company. */
async function differences(endpoints: Endpoints, groupIds: readonly string[]): Promise<string[]> {
  const found: string[] = []
  const { body: contacts } = await getJson(`${endpoints.hubspotUrl}/_sim/objects/contacts`)
  const { body: companies } = await getJson(`${endpoints.hubspotUrl}/_sim/objects/companies`)
  const hubspotContacts = new Map<string, Record<string, string>>(
    contacts.results.map((r: Json) => [String(r.properties.email).toLowerCase(), r.properties]),
  )
  const hubspotCompanies = new Map<string, Record<string, string>>(
    companies.results.map((r: Json) => [String(r.properties.product_account_id), r.properties]),
  )
  const compare = (what: string, api: Json, hubspot: Record<string, string> | undefined) => {
    if (hubspot === undefined) {
      found.push(`${what}: not in HubSpot`)
      return
    }
    const wanted: Record<string, string> = {}
    for (const [name, value] of Object.entries(api.properties as Record<string, unknown>))
      wanted[name] = asCrmText(value)
    for (const [name, score] of Object.entries(api.scores as Record<string, Json>)) {
      wanted[name] = asCrmText(score.value)
      wanted[`${name}_label`] = asCrmText(score.label)
    }
    for (const [name, value] of Object.entries(wanted)) {
      const held = hubspot[name] ?? ''
      if (held !== value)
        found.push(`${what}.${name}: HubSpot has ${JSON.stringify(held)}, upscore ${JSON.stringify(value)}`)
    }
  }
  for (const email of hubspotContacts.keys()) {
    const api = await getJson(`${endpoints.url}/api/contacts/${encodeURIComponent(email)}`, endpoints.adminToken)
    if (api.status !== 200) found.push(`contact ${email} is in HubSpot but not in upscore`)
    else compare(`contact ${email}`, api.body, hubspotContacts.get(email))
  }
  for (const groupId of groupIds) {
    const api = await getJson(`${endpoints.url}/api/companies/${encodeURIComponent(groupId)}`, endpoints.adminToken)
    compare(`company ${groupId}`, api.body, hubspotCompanies.get(groupId))
  }
  return found
}

/**
 * Waits until the sync's backlog is empty and HubSpot holds, for every contact and company, the values and scores
 * the read API shows; the problems left after `timeoutMs`.
 */
export async function checkHubspotEqualsUpscore(
  endpoints: Endpoints,
  contactCount: number,
  groupIds: readonly string[],
  timeoutMs: number,
): Promise<string[]> {
  let last: string[] = []
  const problem = await until(async () => {
    const sync = await getJson(`${endpoints.url}/api/sync`, endpoints.adminToken)
    const backlog = sync.body.backlog.contacts + sync.body.backlog.companies
    if (backlog > 0) return `the sync still has ${backlog} records to send`
    const { body: contacts } = await getJson(`${endpoints.hubspotUrl}/_sim/objects/contacts`)
    if (contacts.results.length !== contactCount) {
      return `HubSpot has ${contacts.results.length} contacts, upscore ${contactCount}`
    }
    last = await differences(endpoints, groupIds)
    return last.length === 0 ? undefined : `${last.length} differences`
  }, timeoutMs)
  if (problem === undefined) return []
  return [problem, ...last.slice(0, 10)]
}
