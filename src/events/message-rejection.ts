/**
 * Why one message was refused. A closed set, so that clients can act on it; the `message` says it in words.
 * These are per-message reasons inside a 200 batch answer, not `UpscoreError` codes.
 */
export const rejectionCodes = [
  'not_an_object',
  'invalid_type',
  'no_user_anon_id',
  'missing_event',
  'missing_group_id',
  'missing_previous_id',
  'invalid_field',
  'timestamp_out_of_range',
  'message_too_large',
  'message_too_deep',
  'too_many_messages',
] as const

export type RejectionCode = (typeof rejectionCodes)[number]

export interface MessageRejection {
  code: RejectionCode
  message: string
}
