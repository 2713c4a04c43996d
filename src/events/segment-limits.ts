/** The Segment HTTP Tracking API's limits, which upscore keeps so that clients behave the same against both. */

/** Largest message (a single call, or one message of a batch), in bytes of JSON. */
export const maxMessageBytes = 32 * 1024

/** Largest request body (after decompression), in bytes. */
export const maxRequestBytes = 500 * 1024

/** Most messages in one batch; the ones after it are rejected together, unread. */
export const maxBatchMessages = 2500

/** Longest `messageId`, in characters. */
export const maxMessageIdLength = 100
