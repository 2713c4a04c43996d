import { isEmailAddress } from './email-address.ts'
import type { Event, EventType } from './event.ts'
import { correctEventTimeMs, earliestEventTimeMs, readTimeMs } from './event-time.ts'
import type { MessageRejection, RejectionCode } from './message-rejection.ts'
import { maxMessageIdLength } from './segment-limits.ts'
import { toWellFormed } from './well-formed-text.ts'

/** What a message is parsed against: when it arrived, and how to name it when the client gave no `messageId`. */
export interface MessageContext {
  /** When the server received the request, epoch ms. */
  receivedAtMs: number
  /** The batch's `sentAt` (epoch ms); a message's own `sentAt` wins over it. */
  batchSentAtMs?: number | undefined
  /** A fresh id for a message that has none (such a message cannot be deduplicated). */
  newMessageId: () => string
}

export type MessageParseResult = { ok: true; event: Event } | { ok: false; rejection: MessageRejection }

type Fields = Record<string, unknown>

const invalid = Symbol('invalid')

const eventTypes: ReadonlySet<string> = new Set<EventType>(['track', 'identify', 'group', 'page', 'screen', 'alias'])

function reject(code: RejectionCode, message: string): MessageParseResult {
  return { ok: false, rejection: { code, message } }
}

/**
 * An id field: Segment takes strings, and numbers as their decimal text; empty means absent. A lone surrogate is
 * read as U+FFFD, as an invalid UTF-8 byte is.
 */
function readId(value: unknown): string | undefined | typeof invalid {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'string') return toWellFormed(value)
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return invalid
}

function readText(value: unknown): string | undefined | typeof invalid {
  if (value === undefined || value === null) return undefined
  return typeof value === 'string' ? value : invalid
}

function readFields(value: unknown): Fields | typeof invalid {
  if (value === undefined || value === null) return {}
  return typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : invalid
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Parses one Segment message (track, identify, group, page, screen or alias) into an `Event`, or says why it is
 * refused. `routeType` is the type named by a single-call endpoint; in a batch the message's own `type` is used.
 * Pure: the time and the id generator come from `context`. The size limit is checked by the caller, which knows
 * the bytes.
 */
export function parseSegmentMessage(raw: unknown, context: MessageContext, routeType?: EventType): MessageParseResult {
  if (!isFields(raw)) return reject('not_an_object', 'a message must be a JSON object')
  const type = routeType ?? raw.type
  if (typeof type !== 'string' || !eventTypes.has(type)) {
    return reject(
      'invalid_type',
      type === undefined
        ? 'type is missing: each message of a batch needs one of track, identify, group, page, screen, alias'
        : `type ${JSON.stringify(type)} is not one of track, identify, group, page, screen, alias`,
    )
  }
  const userId = readId(raw.userId)
  if (userId === invalid) return reject('invalid_field', 'userId must be a string')
  const anonymousId = readId(raw.anonymousId)
  if (anonymousId === invalid) return reject('invalid_field', 'anonymousId must be a string')
  if (userId === undefined && anonymousId === undefined) {
    return reject('no_user_anon_id', 'a message needs a userId or an anonymousId')
  }
  const event = buildEvent(raw, type as EventType, context)
  if (!('type' in event)) return { ok: false, rejection: event }
  if (userId !== undefined) event.userId = userId
  if (anonymousId !== undefined) event.anonymousId = anonymousId
  return { ok: true, event }
}

function buildEvent(raw: Fields, type: EventType, context: MessageContext): Event | MessageRejection {
  const messageId = readMessageId(raw.messageId, context)
  if (typeof messageId !== 'string') return messageId
  const timestampMs = readEventTimeMs(raw, context)
  if (typeof timestampMs !== 'number') return timestampMs
  const event: Event = {
    type,
    messageId,
    properties: {},
    traits: {},
    timestampMs,
    receivedAtMs: context.receivedAtMs,
  }
  const problem = readTypeFields(raw, type, event)
  return problem ?? event
}

function readMessageId(value: unknown, context: MessageContext): string | MessageRejection {
  if (value === undefined || value === null || value === '') return context.newMessageId()
  if (typeof value !== 'string') return { code: 'invalid_field', message: 'messageId must be a string' }
  if (value.length > maxMessageIdLength) {
    return { code: 'invalid_field', message: `messageId is longer than ${maxMessageIdLength} characters` }
  }
  return toWellFormed(value)
}

function readEventTimeMs(raw: Fields, context: MessageContext): number | MessageRejection {
  const timestampMs = readTimeMs(raw.timestamp)
  if (Number.isNaN(timestampMs)) return { code: 'invalid_field', message: 'timestamp is not an ISO-8601 time' }
  // RudderStack sends the client's time as `originalTimestamp` and no `timestamp`.
  const clientTimeMs = timestampMs ?? readTimeMs(raw.originalTimestamp)
  if (Number.isNaN(clientTimeMs)) {
    return { code: 'invalid_field', message: 'originalTimestamp is not an ISO-8601 time' }
  }
  const sentAtMs = readTimeMs(raw.sentAt)
  if (Number.isNaN(sentAtMs)) return { code: 'invalid_field', message: 'sentAt is not an ISO-8601 time' }
  const eventTimeMs = correctEventTimeMs(clientTimeMs, sentAtMs ?? context.batchSentAtMs, context.receivedAtMs)
  if (eventTimeMs < earliestEventTimeMs) {
    return {
      code: 'timestamp_out_of_range',
      message: `the event time (${timestampMs === undefined ? 'originalTimestamp' : 'timestamp'}, corrected for clock skew with sentAt) is before ${new Date(earliestEventTimeMs).toISOString()}, the earliest upscore takes`,
    }
  }
  return eventTimeMs
}

/** Fills the fields of the message's type into `event`; returns the problem, if any. */
function readTypeFields(raw: Fields, type: EventType, event: Event): MessageRejection | undefined {
  switch (type) {
    case 'track': {
      const name = readText(raw.event)
      if (name === invalid) return { code: 'invalid_field', message: 'event must be a string' }
      if (name === undefined || name === '')
        return { code: 'missing_event', message: 'a track call needs an event name' }
      event.event = name
      return readProperties(raw, event)
    }
    case 'page':
    case 'screen': {
      const name = readText(raw.name)
      if (name === invalid) return { code: 'invalid_field', message: 'name must be a string' }
      if (name !== undefined) event.name = name
      return readProperties(raw, event)
    }
    case 'identify':
      return readTraits(raw, event) ?? checkEmail(event.traits)
    case 'group': {
      const groupId = readId(raw.groupId)
      if (groupId === invalid) return { code: 'invalid_field', message: 'groupId must be a string' }
      if (groupId === undefined) return { code: 'missing_group_id', message: 'a group call needs a groupId' }
      event.groupId = groupId
      return readTraits(raw, event)
    }
    case 'alias': {
      const previousId = readId(raw.previousId)
      if (previousId === invalid) return { code: 'invalid_field', message: 'previousId must be a string' }
      if (previousId === undefined) {
        return { code: 'missing_previous_id', message: 'an alias call needs a previousId' }
      }
      event.previousId = previousId
      return undefined
    }
  }
}

function readProperties(raw: Fields, event: Event): MessageRejection | undefined {
  const properties = readFields(raw.properties)
  if (properties === invalid) return { code: 'invalid_field', message: 'properties must be an object' }
  event.properties = properties
  return undefined
}

/**
 * The email of an `identify` is how the contact reaches the CRM: one that is not an address would be dropped on the
 * way (HubSpot refuses it), so the message is refused here, where the sender hears why. No email at all is fine.
 */
function checkEmail(traits: Fields): MessageRejection | undefined {
  const email = traits.email
  if (email === undefined || email === null || email === '') return undefined
  if (typeof email === 'string' && isEmailAddress(email)) return undefined
  return { code: 'invalid_field', message: `traits.email ${JSON.stringify(email)} is not an email address` }
}

function readTraits(raw: Fields, event: Event): MessageRejection | undefined {
  const traits = readFields(raw.traits)
  if (traits === invalid) return { code: 'invalid_field', message: 'traits must be an object' }
  event.traits = traits
  return undefined
}
