import { describe, expect, it } from 'vitest'
import type { Event } from '../events/event.ts'
import { compileMatcher, type TypeMismatches } from './compile-properties.ts'
import type { ModelProblemAt } from './model-problem.ts'

const call = (properties: Record<string, unknown>): Event => ({
  type: 'track',
  messageId: 'm',
  userId: 'u',
  event: 'API Call',
  properties,
  traits: {},
  timestampMs: 0,
  receivedAtMs: 0,
})

describe('event filters', () => {
  it('matches on the event’s own properties', () => {
    const matches = compileMatcher('API Call', 'status < 500', ['p'], [])
    expect(matches(call({ status: 200 }))).toBe(true)
    expect(matches(call({ status: 503 }))).toBe(false)
  })

  it('counts an event whose property has the wrong type as not matching, and counts it', () => {
    const mismatches: TypeMismatches = new Map()
    const matches = compileMatcher('API Call', 'status < 500', ['properties', 'contact', 'ok_calls'], [], mismatches)
    expect(matches(call({ status: '200' }))).toBe(false)
    expect(matches(call({ status: { code: 200 } }))).toBe(false)
    expect(matches(call({}))).toBe(false)
    expect(mismatches.get('properties.contact.ok_calls')).toBe(1)
  })

  it('reads nested event properties with a dot', () => {
    const matches = compileMatcher('API Call', 'request.method == "POST"', ['p'], [])
    expect(matches(call({ request: { method: 'POST' } }))).toBe(true)
  })

  it('reports an expression it cannot read at its offset', () => {
    const problems: ModelProblemAt[] = []
    compileMatcher('API Call', 'status <', ['p'], problems)
    expect(problems).toEqual([{ path: ['p', 'where'], message: expect.stringContaining('cannot read'), offset: 8 }])
  })

  it('matches a wildcard pattern against an event property, ignoring case', () => {
    const matches = compileMatcher('API Call', 'url matches "*/pricing*"', ['p'], [])
    expect(matches(call({ url: 'https://x.test/Pricing/plans' }))).toBe(true)
    expect(matches(call({ url: 'https://x.test/about' }))).toBe(false)
  })

  it('refuses a pattern that is not a quoted text (one read from the event would cost too much)', () => {
    const problems: ModelProblemAt[] = []
    compileMatcher('API Call', 'url matches path', ['p'], problems)
    expect(problems).toEqual([{ path: ['p', 'where'], message: expect.stringContaining('quoted pattern'), offset: 4 }])
  })
})
