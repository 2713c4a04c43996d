/** A list query parameter given repeated (`properties=a&properties=b`, as the SDK sends it) or comma-separated. */
export function queryList(value: unknown): string[] {
  const parts = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return parts
    .flatMap((part) => String(part).split(','))
    .map((part) => part.trim())
    .filter((part) => part !== '')
}

/** A boolean query parameter (`archived=true`). */
export function queryFlag(value: unknown): boolean {
  return String(Array.isArray(value) ? value[0] : value) === 'true'
}
