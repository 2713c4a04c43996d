import { Client } from '@hubspot/api-client'
import { createHubspotSimulator } from '../src/sim/hubspot/hubspot-simulator.ts'
import type { HubspotSimulatorOptions } from '../src/sim/hubspot/simulator-options.ts'

export const TOKEN = 'pat-na1-test'

/** A JSON body as the tests read it: loosely, since a body of the wrong shape fails the assertion anyway. */
// biome-ignore lint/suspicious/noExplicitAny: tests walk answer bodies freely; expect() checks their shape.
export type Json = any

/** What a raw call returned: status, headers and the parsed JSON body (undefined when empty). */
export type RawAnswer = { status: number; headers: Headers; body: Json }

export type RunningSimulator = {
  url: string
  /** The official client pointed at the simulator, without retries so every answer is seen as it is. */
  hubspot: Client
  /** A raw call with the bearer token (pass `token: null` for none). */
  call(method: string, path: string, body?: unknown, token?: string | null): Promise<RawAnswer>
  /** How many calls the simulator holds now. */
  heldCalls(): number
  close(): Promise<void>
}

/** Starts a simulator on a free port. */
export async function startSimulator(options: HubspotSimulatorOptions = {}): Promise<RunningSimulator> {
  const simulator = createHubspotSimulator(options)
  const url = await simulator.listen({ port: 0, host: '127.0.0.1' })
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    token: string | null = TOKEN,
  ): Promise<RawAnswer> => {
    const headers: Record<string, string> = {}
    if (token !== null) headers.authorization = `Bearer ${token}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) }
  }
  return {
    url,
    hubspot: new Client({ accessToken: TOKEN, basePath: url }),
    call,
    heldCalls: () => simulator.heldCalls(),
    close: () => simulator.close(),
  }
}

/** A clock the test moves by hand. */
export function createFakeClock(startMs = Date.UTC(2026, 10, 26, 12, 0, 0)): {
  now: () => number
  advance(ms: number): void
} {
  let nowMs = startMs
  return {
    now: () => nowMs,
    advance(ms) {
      nowMs += ms
    },
  }
}

/** The error a promise rejects with (the official client throws `ApiException` with `code` and `body`). */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ code?: number; body?: Json }> {
  try {
    await promise
  } catch (error) {
    return error as { code?: number; body?: Json }
  }
  throw new Error('expected the call to fail, but it succeeded')
}

type PropertyCreate = Parameters<Client['crm']['properties']['coreApi']['create']>[1]

/** A property as `coreApi.create` takes it (the SDK types `type` and `fieldType` as its own enums). */
export function propertyInput(fields: {
  name: string
  type: string
  fieldType: string
  groupName?: string
  hasUniqueValue?: boolean
  options?: { label: string; value: string }[]
}): PropertyCreate {
  return {
    label: fields.name,
    groupName: fields.groupName ?? 'contactinformation',
    ...fields,
  } as unknown as PropertyCreate
}
