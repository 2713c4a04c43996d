import type { ForgetAnswer, ForgetApiClient } from './forget-api-client.ts'

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

const hubspotOutcome: Record<ForgetAnswer['hubspot'], string> = {
  deleted: 'HubSpot: contact deleted (GDPR delete)',
  not_asked: 'HubSpot: left as it is (--hubspot deletes it there too)',
  no_email: 'HubSpot: nothing to delete (no email, so never sent)',
}

/** One line saying what was removed, for the operator's record of the request. */
export function describeForget(key: string, answer: ForgetAnswer): string {
  const r = answer.removed
  const removed = [
    counted(r.contacts, 'contact', 'contacts'),
    counted(r.identities, 'id', 'ids'),
    counted(r.events, 'event', 'events'),
    counted(r.scoreHistory, 'score history entry', 'score history entries'),
    counted(r.outbox, 'pending HubSpot change', 'pending HubSpot changes'),
    counted(r.deadLetters, 'dead letter', 'dead letters'),
    counted(r.crmIds, 'HubSpot id', 'HubSpot ids'),
  ].join(', ')
  const companies = answer.companies.length === 0 ? '' : `; re-scored company ${answer.companies.join(', ')}`
  return `forgot ${key}: ${removed}${companies}; ${hubspotOutcome[answer.hubspot]}`
}

/**
 * `upscore forget KEY [--hubspot]`: asks the running service to forget a contact and prints what went. A refusal
 * (unknown contact, HubSpot not confirming) throws, and the command line prints it and exits 1.
 */
export async function forgetCommand(
  client: ForgetApiClient,
  key: string,
  options: { hubspot: boolean },
  print: (line: string) => void,
): Promise<number> {
  print(describeForget(key, await client.forget(key, options)))
  return 0
}
