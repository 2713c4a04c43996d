import { utf8ByteLength } from './utf8-byte-length.ts'

/** How deep objects and arrays may nest in one message; deeper ones cannot be stored or read back safely. */
export const maxMessageDepth = 64

export type MessageSizeVerdict = 'fits' | 'too_large' | 'too_deep'

const tooDeep = -1

/**
 * An upper bound of the UTF-8 bytes of `value` as JSON, without serialising it: each UTF-16 unit of a string is at
 * most six bytes (`\u0000`), a number at most 24 characters. `tooDeep` when nested deeper than `maxMessageDepth`.
 */
function boundJsonBytes(value: unknown, depth: number): number {
  if (typeof value === 'string') return value.length * 6 + 2
  if (typeof value !== 'object' || value === null) return 24
  if (depth >= maxMessageDepth) return tooDeep
  let total = 2
  if (Array.isArray(value)) {
    for (const item of value) {
      const bytes = boundJsonBytes(item, depth + 1)
      if (bytes === tooDeep) return tooDeep
      total += bytes + 1
    }
    return total
  }
  for (const key in value) {
    const bytes = boundJsonBytes((value as Record<string, unknown>)[key], depth + 1)
    if (bytes === tooDeep) return tooDeep
    total += bytes + key.length * 6 + 4
  }
  return total
}

/**
 * Checks one parsed message against the depth limit and, when `limitBytes` is given, the size limit. Serialises
 * the message only when the cheap upper bound is over the limit.
 */
export function judgeMessageSize(message: unknown, limitBytes: number | undefined): MessageSizeVerdict {
  const boundBytes = boundJsonBytes(message, 0)
  if (boundBytes === tooDeep) return 'too_deep'
  if (limitBytes === undefined || boundBytes <= limitBytes) return 'fits'
  const text = JSON.stringify(message)
  if (text.length * 3 <= limitBytes) return 'fits'
  return text.length > limitBytes || utf8ByteLength(text) > limitBytes ? 'too_large' : 'fits'
}
