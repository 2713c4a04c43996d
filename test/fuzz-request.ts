import type { EventType } from '../src/events/event.ts'

/** One request of an ingest fuzz run: where it goes, what it carries, and what its answer must say where known. */
export interface FuzzRequest {
  kind: string
  path: string
  headers: Record<string, string>
  body: string | Uint8Array
  /** messageIds of the valid messages in the body: stored exactly once when the request is answered 2xx. */
  validIds: string[]
  /** How many messages the batch holds, when the body is a well-formed batch: the answer must account for each. */
  messageCount?: number
  /** The status the request must get, when its kind says it. */
  expectStatus?: number
  /** For a batch answered 200: what becomes of these messages, by index: `accepted` or a rejection code. */
  expectVerdicts?: Record<number, string>
}

export type FuzzMessage = Record<string, unknown> & { messageId: string }

let validCount = 0

/** A fresh messageId of a valid message: `valid-N`, which no generated bad message has. */
export const nextValidId = (suffix = '') => `valid-${++validCount}${suffix}`

/** A message valid whatever the batch around it says (its own sentAt wins over the batch's), with a fresh id. */
export function validMessage(type: EventType = 'track'): FuzzMessage {
  const messageId = nextValidId()
  const at = new Date(Date.UTC(2026, 10, 20) + validCount * 1000).toISOString()
  return {
    type,
    userId: `fuzz-user-${validCount % 7}`,
    event: 'Signed In',
    groupId: 'acme',
    previousId: `fuzz-anon-${validCount % 5}`,
    messageId,
    timestamp: at,
    sentAt: at,
  }
}

export const jsonBody = (value: unknown): string => JSON.stringify(value) ?? 'null'

/** A batch of one bad message (as raw text or bytes) followed by a valid one, which must be stored whatever. */
export function besideValid(kind: string, bad: string | Uint8Array, verdict?: string): FuzzRequest {
  const valid = validMessage()
  const body = Buffer.concat([Buffer.from('{"batch":['), Buffer.from(bad), Buffer.from(`,${jsonBody(valid)}]}`)])
  return {
    kind,
    path: '/v1/batch',
    headers: {},
    body,
    validIds: [valid.messageId],
    ...(verdict === undefined
      ? {}
      : { messageCount: 2, expectStatus: 200, expectVerdicts: { 0: verdict, 1: 'accepted' } }),
  }
}
