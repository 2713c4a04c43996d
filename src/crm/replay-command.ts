import type { Config } from '../config.ts'
import { UpscoreError } from '../errors.ts'
import { loadModel } from '../load-model.ts'
import { openStore } from '../storage/open-store.ts'
import type { Store } from '../storage/store.ts'
import { replayDeadLetters } from './replay-dead-letters.ts'

type Print = (line: string) => void

/** The contact ids of email-or-userId keys; every key must name a contact. */
async function resolveContacts(store: Store, keys: readonly string[], dataDir: string): Promise<string[]> {
  const ids: string[] = []
  for (const key of keys) {
    const contact = await store.findContact(key)
    if (contact === undefined) {
      throw new UpscoreError('not_found', `no contact has the email or userId ${JSON.stringify(key)} in ${dataDir}`)
    }
    ids.push(contact.id)
  }
  return ids
}

const deadLetters = (n: number) => `${n.toLocaleString('en-US')} dead letter${n === 1 ? '' : 's'}`

function describeReplay(replayed: number, left: number, contactKeys: readonly string[]): string {
  const of = contactKeys.length === 0 ? '' : ` of ${contactKeys.map((key) => JSON.stringify(key)).join(', ')}`
  if (replayed === 0) {
    return `no dead letters${of} to replay${of === '' ? '' : ` (${deadLetters(left)} in all)`}`
  }
  const rest = left === 0 ? '' : ` (${deadLetters(left)} left)`
  return `${deadLetters(replayed)}${of} back in the outbox: upscore serve sends them on its next poll${rest}`
}

/**
 * `upscore crm replay [--contact KEY ...]`: puts the dead letters (all, or those of the given contacts, by email or
 * userId) back in the CRM outbox with the records' current values (the model is `--model` / `UPSCORE_MODEL`). A running `serve` sends them on its
 * next look at the outbox; a stopped one when it starts. Returns the exit code.
 */
export async function replayCommand(config: Config, contactKeys: readonly string[], print: Print): Promise<number> {
  const store = openStore(config, { mustExist: true })
  try {
    const entityIds = contactKeys.length === 0 ? undefined : await resolveContacts(store, contactKeys, config.dataDir)
    const replayed = await replayDeadLetters(store, loadModel(config.modelPath), Date.now(), entityIds)
    print(describeReplay(replayed, await store.deadLetterCount(), contactKeys))
    return 0
  } finally {
    await store.close()
  }
}
