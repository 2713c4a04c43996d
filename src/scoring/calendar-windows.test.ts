import { describe, expect, it } from 'vitest'
import { trackEvent } from '../../test/track-event.ts'
import type { Event } from '../events/event.ts'
import { checkModelText } from '../load-model.ts'
import {
  applyEvent,
  compactState,
  computeValues,
  type EntityState,
  emptyEntityState,
  mergeEntityStates,
  setMember,
} from '../properties/entity-state.ts'
import type { CompiledModel } from './compiled-model.ts'
import { evaluateContact } from './evaluate-entity.ts'
import { formatModelProblem } from './model-problem.ts'

const MODEL = `timezone: Europe/Paris
fiscal_year_start: 4
properties:
  contact:
    reports_last_month: { type: count, event: Report Generated, window: last_month }
    features_last_month: { type: distinct, event: Feature Used, field: feature, window: last_month }
    reports_fiscal_year: { type: count, event: Report Generated, window: this_fiscal_year }
  company:
    active_last_month: { type: active_users, window: last_month }
scores:
  lead_score:
    subject: contact
    rules:
      demo: { event: Demo Requested, points: 40, within: last_quarter }
`

function compile(text: string): CompiledModel {
  const checked = checkModelText(text, 'model.yaml')
  if (!checked.ok) throw new Error(checked.problems.map(formatModelProblem).join('\n'))
  return checked.model
}

const at = Date.parse
const track = (event: string, iso: string, properties: Record<string, unknown> = {}): Event =>
  trackEvent(event, at(iso), properties)

function contactWith(model: CompiledModel, ...events: Event[]): EntityState {
  const state = emptyEntityState()
  for (const event of events) applyEvent(model.contact, state, event)
  return state
}

describe('a count with window: last_month', () => {
  const model = compile(MODEL)
  const april = at('2026-04-01T00:00:00+02:00')
  const may = at('2026-05-01T00:00:00+02:00')
  const state = () =>
    contactWith(
      model,
      track('Report Generated', '2026-03-15T12:00:00+01:00'),
      track('Report Generated', '2026-03-15T12:00:00+01:00'),
      // Still March in Paris, already 21:30 UTC.
      track('Report Generated', '2026-03-31T23:30:00+02:00'),
      track('Report Generated', '2026-04-02T09:00:00+02:00'),
    )
  const count = (s: EntityState, nowMs: number) => computeValues(model.contact, s, nowMs).values.reports_last_month
  const property = model.contact.properties.find((p) => p.name === 'reports_last_month')
  const nextChange = (s: EntityState, nowMs: number) =>
    property?.source === 'events' ? property.kind.nextChangeAt(s.props[property.name], nowMs) : undefined

  it('leaves this month’s events out, and schedules the instant they come in', () => {
    const s = contactWith(model, track('Report Generated', '2026-03-15T12:00:00+01:00'))
    const { values, nextChangeAtMs } = computeValues(model.contact, s, at('2026-03-20T12:00:00+01:00'))
    expect(values.reports_last_month).toBe(0)
    expect(nextChangeAtMs).toBe(april)
  })

  it('counts March from the first local instant of April, and changes again on 1 May', () => {
    const s = state()
    expect(count(s, april - 1)).toBe(0)
    expect(count(s, april)).toBe(3)
    expect(nextChange(s, april - 1)).toBe(april)
    expect(nextChange(s, april)).toBe(may)
    expect(count(s, may - 1)).toBe(3)
    expect(count(s, may)).toBe(1)
  })

  it('keeps last month’s events when the state is compacted, and drops them a month later', () => {
    const s = state()
    compactState(model.contact, s, at('2026-04-10T12:00:00+02:00'))
    expect(count(s, at('2026-04-10T12:00:00+02:00'))).toBe(3)
    compactState(model.contact, s, may)
    expect(s.props.reports_last_month).toEqual([[at('2026-04-02T09:00:00+02:00'), 1]])
  })
})

describe('distinct values and active users over last_month', () => {
  const model = compile(MODEL)
  const now = at('2026-04-10T12:00:00+02:00')
  const events = [
    track('Feature Used', '2026-03-10T12:00:00+01:00', { feature: 'export' }),
    track('Feature Used', '2026-04-03T12:00:00+02:00', { feature: 'export' }),
    track('Feature Used', '2026-04-05T12:00:00+02:00', { feature: 'alerts' }),
  ]

  it('counts a value seen last month though it was seen again this month', () => {
    const s = contactWith(model, ...events)
    const { values, nextChangeAtMs } = computeValues(model.contact, s, now)
    expect(values.features_last_month).toBe(1)
    expect(nextChangeAtMs).toBe(at('2026-05-01T00:00:00+02:00'))
    expect(computeValues(model.contact, s, at('2026-05-01T00:00:00+02:00')).values.features_last_month).toBe(2)
  })

  it('counts a user active last month though active again this month', () => {
    const contact = contactWith(model, ...events)
    const company = emptyEntityState()
    setMember(company, 'u', contact.activity)
    expect(computeValues(model.company, company, now).values.active_last_month).toBe(1)
    expect(computeValues(model.company, company, at('2026-03-20T12:00:00+01:00')).nextChangeAtMs).toBe(
      at('2026-04-01T00:00:00+02:00'),
    )
  })
})

describe('one person under two ids', () => {
  it('keeps the activity that counts in last_month when the states are merged', () => {
    const model = compile(MODEL)
    const used = (iso: string) => track('Feature Used', iso, { feature: 'export' })
    const anonymous = contactWith(model, used('2026-01-10T12:00:00+01:00'), used('2026-03-05T12:00:00+01:00'))
    const identified = contactWith(model, used('2026-02-10T12:00:00+01:00'))
    const merged = mergeEntityStates(model.contact, identified, anonymous)
    const company = emptyEntityState()
    setMember(company, 'u', merged.activity)
    const now = at('2026-03-20T12:00:00+01:00')
    expect(computeValues(model.company, company, now).values.active_last_month).toBe(1)
    expect(computeValues(model.contact, merged, now).values.features_last_month).toBe(1)
  })
})

describe('an event rule within: last_quarter', () => {
  const model = compile(MODEL)
  const contact = contactWith(
    model,
    track('Demo Requested', '2026-01-05T10:00:00+01:00'),
    track('Demo Requested', '2026-03-31T23:00:00+02:00'),
    track('Demo Requested', '2026-05-05T10:00:00+02:00'),
  )
  const evaluate = (nowMs: number) => evaluateContact(model, contact, {}, nowMs)
  const julyFirst = at('2026-07-01T00:00:00+02:00')

  it('gives the points of last quarter’s occurrences only', () => {
    const { scores, nextChangeAtMs } = evaluate(at('2026-05-20T12:00:00+02:00'))
    expect(scores.lead_score?.value).toBe(80)
    expect(nextChangeAtMs).toBe(julyFirst)
  })

  it('moves to the next quarter’s occurrences at the quarter’s first local instant', () => {
    expect(evaluate(julyFirst - 1).scores.lead_score?.value).toBe(80)
    expect(evaluate(julyFirst).scores.lead_score?.value).toBe(40)
    expect(evaluate(at('2026-10-01T00:00:00+02:00')).scores.lead_score?.value).toBe(0)
  })
})

describe('model check of calendar windows', () => {
  it('locates an unknown window name', () => {
    const text = MODEL.replace('window: last_month }', 'window: last_fortnight }')
    const checked = checkModelText(text, 'model.yaml')
    expect(checked.ok).toBe(false)
    if (checked.ok) return
    expect(checked.problems.map(formatModelProblem)).toEqual([
      expect.stringMatching(/^model\.yaml:5:73 "last_fortnight" is not a window: write a duration/),
    ])
  })

  it('locates an unknown window name in a rule’s within', () => {
    const checked = checkModelText(MODEL.replace('within: last_quarter', 'within: last_fortnight'), 'model.yaml')
    expect(checked.ok ? [] : checked.problems.map((p) => [p.line, p.message.slice(0, 33)])).toEqual([
      [14, '"last_fortnight" is not a window:'],
    ])
  })

  it('refuses a fiscal year starting in a month that does not exist', () => {
    const checked = checkModelText(MODEL.replace('fiscal_year_start: 4', 'fiscal_year_start: 13'), 'model.yaml')
    expect(checked.ok ? [] : checked.problems.map((p) => [p.line, p.message])).toEqual([
      [2, expect.stringContaining('a month from 1 (January) to 12 (December)')],
    ])
  })

  it('rebuilds a fiscal window when the fiscal year moves, and only a fiscal one', () => {
    const signatures = (text: string) =>
      Object.fromEntries(compile(text).contact.properties.map((p) => [p.name, p.signature]))
    const april = signatures(MODEL)
    const july = signatures(MODEL.replace('fiscal_year_start: 4', 'fiscal_year_start: 7'))
    expect(july.reports_fiscal_year).not.toBe(april.reports_fiscal_year)
    expect(july.reports_last_month).toBe(april.reports_last_month)
  })
})
