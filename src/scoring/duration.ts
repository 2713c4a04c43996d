/** `mo` is 30 days and `y` 365 days: calendar months and years vary, durations do not. */
const unitMs = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  mo: 2_592_000_000,
  y: 31_536_000_000,
} as const

/** Parses a duration such as `7d`, `12h`, `90m`, `2w`, `30s`, `6mo` or `1y` into milliseconds; undefined when malformed. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(mo|[smhdwy])\s*$/.exec(text)
  if (match === null) return undefined
  const amount = Number(match[1])
  const ms = amount * unitMs[match[2] as keyof typeof unitMs]
  return ms > 0 && Number.isFinite(ms) ? Math.round(ms) : undefined
}
