import type { z } from 'zod'

export type ParsedBody<T> = { ok: true; data: T } | { ok: false; message: string }

/** Parses a request body with a schema; the message names the first field that does not fit. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): ParsedBody<T> {
  const result = schema.safeParse(body ?? {})
  if (result.success) return { ok: true, data: result.data }
  const issue = result.error.issues[0]
  const where = issue === undefined || issue.path.length === 0 ? 'body' : issue.path.join('.')
  return { ok: false, message: `Invalid input JSON: ${where}: ${issue?.message ?? 'invalid'}` }
}
