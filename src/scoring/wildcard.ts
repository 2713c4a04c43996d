/** Whether a text matches a compiled wildcard pattern. */
export type WildcardMatcher = (text: string) => boolean

/** Whether `part` (where `?` stands for any one character) matches `text` at `at`. */
function partMatchesAt(text: string, part: string, at: number): boolean {
  for (let i = 0; i < part.length; i++) {
    const p = part.charCodeAt(i)
    if (p !== 63 /* ? */ && p !== text.charCodeAt(at + i)) return false
  }
  return true
}

/** The first index at or after `from` where `part` matches `text`, or -1. */
function findPart(text: string, part: string, from: number): number {
  if (!part.includes('?')) return text.indexOf(part, from)
  for (let at = from; at + part.length <= text.length; at++) {
    if (partMatchesAt(text, part, at)) return at
  }
  return -1
}

/**
 * Compiles a wildcard pattern (`*` any run of characters, `?` one character) into a case-insensitive whole-text
 * match. It never backtracks: the parts between stars are found leftmost, one after the other, which is enough for
 * a pattern with only `*` and `?` — so a text is read a bounded number of times for a given pattern, where a
 * regular expression built from `*a*a*a*b` takes exponential time on a long text of `a`s.
 */
export function compileWildcard(pattern: string): WildcardMatcher {
  const parts = pattern.toLowerCase().split('*')
  const first = parts[0] as string
  if (parts.length === 1) return (text) => text.length === first.length && partMatchesAt(text.toLowerCase(), first, 0)
  const last = parts[parts.length - 1] as string
  const middle = parts.slice(1, -1).filter((part) => part !== '')
  const fixedLength = parts.reduce((sum, part) => sum + part.length, 0)
  return (input) => {
    const text = input.toLowerCase()
    if (text.length < fixedLength) return false
    if (!partMatchesAt(text, first, 0)) return false
    const end = text.length - last.length
    if (!partMatchesAt(text, last, end)) return false
    let at = first.length
    for (const part of middle) {
      const found = findPart(text, part, at)
      if (found === -1 || found + part.length > end) return false
      at = found + part.length
    }
    return true
  }
}
