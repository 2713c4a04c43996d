import { describe, expect, it } from 'vitest'
import type { Event } from '../events/event.ts'
import { checkModelText } from '../load-model.ts'
import type { EventProperty } from '../properties/compiled-property.ts'
import { applyEvent, emptyEntityState } from '../properties/entity-state.ts'
import type { CompiledModel } from './compiled-model.ts'
import { evaluateContact } from './evaluate-entity.ts'
import { formatModelProblem } from './model-problem.ts'

const DAY = 86_400_000
const T0 = Date.parse('2026-11-02T09:00:00Z')

const problemsOf = (text: string) => {
  const checked = checkModelText(text, 'm.yaml')
  return checked.ok ? [] : checked.problems.map(formatModelProblem)
}

function compile(rule: string): CompiledModel {
  const checked = checkModelText(
    `properties: {}\nscores:\n  points:\n    subject: contact\n    rules:\n      r: ${rule}\n`,
    'm',
  )
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  return checked.model
}

const page = (atMs: number, properties: Record<string, unknown>): Event => ({
  type: 'page',
  messageId: `p${atMs}`,
  userId: 'u',
  properties,
  traits: {},
  timestampMs: atMs,
  receivedAtMs: atMs,
})
const track = (event: string, atMs: number, properties: Record<string, unknown>): Event => ({
  ...page(atMs, properties),
  type: 'track',
  event,
})

function pointsOf(model: CompiledModel, events: Event[], nowMs = T0 + 30 * DAY): number | undefined {
  const state = emptyEntityState()
  for (const event of events) applyEvent(model.contact, state, event)
  return evaluateContact(model, state, {}, nowMs).scores.points?.value
}

describe('URL rules in a model', () => {
  it('matches a path pattern against the path of page calls, or the path of their URL', () => {
    const model = compile('{ url: "/pricing*", points: 5 }')
    const hits = [
      page(T0, { path: '/pricing', url: 'https://acme.test/pricing?plan=team' }),
      page(T0 + 1, { url: 'https://acme.test/pricing/teams?x=1' }),
      page(T0 + 2, { path: '/docs/pricing' }),
      track('Page Visited', T0 + 3, { path: '/pricing' }),
    ]
    expect(pointsOf(model, hits)).toBe(10)
  })

  it('matches any other pattern against the full URL, query string included', () => {
    const model = compile('{ url: "https://acme.test/pricing?plan=*", points: 5 }')
    const hits = [
      page(T0, { url: 'https://acme.test/pricing?plan=team' }),
      page(T0 + 1, { url: 'https://acme.test/pricing' }),
    ]
    expect(pointsOf(model, hits)).toBe(5)
  })

  it('reads tracked events instead of page calls when it names an event', () => {
    const model = compile('{ event: Page Visited, url: "/pricing*", hits_at_least: 2, points: 5 }')
    const hits = [
      track('Page Visited', T0, { url: '/pricing' }),
      track('Page Visited', T0 + DAY, { url: '/pricing/teams' }),
    ]
    expect(pointsOf(model, [...hits, page(T0 + 2 * DAY, { path: '/pricing' })])).toBe(5)
  })

  it('counts hits outside its active window towards its conditions without scoring them', () => {
    const model = compile(`{ url: "/pricing*", hits_at_least: 2, points: 5, active: { from: '2026-11-05T00:00:00Z' } }`)
    const before = page(T0, { path: '/pricing' })
    const during = page(T0 + 4 * DAY, { path: '/pricing' })
    expect(pointsOf(model, [before])).toBe(0)
    expect(pointsOf(model, [before, during])).toBe(5)
  })

  it('changes its signature with each condition, and leaves the signature of other rules as it was', () => {
    const signature = (rule: string) =>
      (compile(rule).contact.properties.find((p) => p.name === '__rule:points:r') as EventProperty).signature
    const base = signature('{ url: "/pricing*", hits_at_least: 3, points: 5 }')
    expect(signature('{ url: "/pricing*", hits_at_least: 4, points: 5 }')).not.toBe(base)
    expect(signature('{ url: "/pricing*", hits_at_least: 3, returns_within: 1d, points: 5 }')).not.toBe(base)
    expect(signature('{ url: "/pricing*", hits_at_least: 3, dwell_at_least: 1m, dwell_from: t, points: 5 }')).not.toBe(
      base,
    )
    expect(signature('{ event: Signed In, points: 5 }')).not.toMatch(/url|first_time|hits|dwell|returns/i)
  })
})

describe('model check of URL rules', () => {
  const withRule = (rule: string) =>
    `properties: {}\nscores:\n  points:\n    subject: contact\n    rules:\n      r: ${rule}\n`

  it('says which options need "url", and that dwell needs the event property it is read from', () => {
    expect(problemsOf(withRule('{ event: Signed In, hits_at_least: 3, points: 5 }'))).toEqual([
      'm.yaml:6:30 "hits_at_least" needs "url"',
    ])
    expect(problemsOf(withRule('{ when: "true", first_time: true, points: 5 }'))).toEqual([
      'm.yaml:6:26 "first_time" needs "url"',
    ])
    expect(problemsOf(withRule('{ url: "/a*", dwell_at_least: 1m, points: 5 }'))).toEqual([
      'm.yaml:6:24 "dwell_at_least" needs "dwell_from": the event property with the seconds spent on the page (Segment sends none by default)',
    ])
    expect(problemsOf(withRule('{ url: "/a*", dwell_from: seconds, points: 5 }'))).toEqual([
      'm.yaml:6:24 "dwell_from" needs "dwell_at_least"',
    ])
  })

  it('refuses conditions that can never all hold', () => {
    expect(problemsOf(withRule('{ url: "/a*", first_time: true, hits_at_least: 2, points: 5 }'))).toEqual([
      'm.yaml:6:42 never holds with "first_time": a first hit is hit 1',
    ])
    expect(problemsOf(withRule('{ url: "/a*", first_time: true, returns_after: 7d, points: 5 }'))).toEqual([
      'm.yaml:6:42 never holds with "first_time": a first hit has no previous hit',
    ])
    expect(problemsOf(withRule('{ url: "/a*", returns_within: 1d, returns_after: 7d, points: 5 }'))).toEqual([
      'm.yaml:6:24 returns_within 1d is shorter than returns_after 7d: never holds',
    ])
  })

  it('refuses a malformed duration and frequency bands', () => {
    expect(problemsOf(withRule('{ url: "/a*", returns_within: soon, points: 5 }'))).toEqual([
      'm.yaml:6:40 "soon" is not a duration (e.g. 90s, 10m, 7d)',
    ])
    expect(problemsOf(withRule('{ url: "/a*", frequency: [{ at_least: 2, points: 5 }] }'))).toEqual([
      'm.yaml:6:24 frequency bands do not go with "url"',
    ])
  })
})
