import { z } from 'zod'
import type { ApiClientConfig } from './config.ts'
import { UpscoreError } from './errors.ts'

/** The part of `fetch` the command line's API clients use. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{
  status: number
  json(): Promise<unknown>
}>

/** A running service's answer: its status and its JSON body (undefined when none could be read). */
export interface ServiceAnswer {
  status: number
  json: unknown
}

/** Calls to a running service's `/api`, with its admin token, as the command line makes them. */
export interface ServiceApi {
  /** One call; a service that cannot be reached is an `invalid_config` error that says where it was looked for. */
  call(method: string, path: string, body?: { text: string; contentType: string }): Promise<ServiceAnswer>
  /** The body in the shape `schema` reads, or the error the answer stands for. */
  read<T>(schema: z.ZodType<T>, answer: ServiceAnswer): Promise<T>
}

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) })

export function createServiceApi(config: ApiClientConfig, fetch: FetchLike): ServiceApi {
  const refused = (answer: ServiceAnswer): UpscoreError => {
    const parsed = errorSchema.safeParse(answer.json)
    const message = parsed.success ? parsed.data.error.message : `unexpected answer ${answer.status}`
    if (answer.status === 401) return new UpscoreError('unauthorized', `the service refused the token: ${message}`)
    if (answer.status === 404) return new UpscoreError('not_found', message)
    if (answer.status === 409) return new UpscoreError('conflict', message)
    return new UpscoreError('internal', `${config.url} answered ${answer.status}: ${message}`)
  }
  return {
    async call(method, path, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${config.adminToken}` }
      if (body !== undefined) headers['content-type'] = body.contentType
      let response: Awaited<ReturnType<FetchLike>>
      try {
        response = await fetch(`${config.url}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: body.text }),
        })
      } catch (error) {
        const why = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message
        throw new UpscoreError('invalid_config', `cannot reach the service at ${config.url}: ${why} (give --url)`)
      }
      return { status: response.status, json: await response.json().catch(() => undefined) }
    },
    async read(schema, answer) {
      const parsed = schema.safeParse(answer.json)
      if (answer.status >= 300 || !parsed.success) throw refused(answer)
      return parsed.data
    },
  }
}
