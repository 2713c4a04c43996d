import { createHash, timingSafeEqual } from 'node:crypto'
import type { onRequestHookHandler } from 'fastify'
import { UpscoreError } from '../errors.ts'

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/** Lets a request through only with `Authorization: Bearer <adminToken>`, compared in constant time. */
export function createAdminAuthHook(adminToken: string): onRequestHookHandler {
  const expected = digest(adminToken)
  return async (request) => {
    const header = request.headers.authorization ?? ''
    const token = /^bearer /i.test(header) ? header.slice(7).trim() : undefined
    if (token === undefined || !timingSafeEqual(digest(token), expected)) {
      throw new UpscoreError('unauthorized', 'send the admin token as Authorization: Bearer <UPSCORE_ADMIN_TOKEN>')
    }
  }
}
