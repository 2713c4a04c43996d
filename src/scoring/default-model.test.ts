import { describe, expect, it } from 'vitest'
import { crmValuesOf } from '../crm/crm-values.ts'
import type { Event } from '../events/event.ts'
import { loadModel } from '../load-model.ts'
import { applyEvent, computeValues, emptyEntityState, setMember } from '../properties/entity-state.ts'
import { evaluateCompany, evaluateContact } from './evaluate-entity.ts'

const model = loadModel(undefined)
const NOW = Date.parse('2026-11-26T12:00:00.000Z')
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const track = (event: string, agoMs: number, properties: Record<string, unknown> = {}): Event => ({
  type: 'track',
  messageId: `${event}-${agoMs}-${Math.random()}`,
  userId: 'u',
  event,
  properties,
  traits: {},
  timestampMs: NOW - agoMs,
  receivedAtMs: NOW,
})

const times = (n: number, event: string, agoMs = HOUR) => Array.from({ length: n }, () => track(event, agoMs))

function score(events: Event[], company: Record<string, string | number> = {}, now = NOW) {
  const state = emptyEntityState()
  for (const event of events) applyEvent(model.contact, state, event)
  return evaluateContact(model, state, company, now)
}
const points = (events: Event[], company: Record<string, string | number> = {}, now = NOW) =>
  score(events, company, now).scores.lead_score_product_usage?.value

describe('the default model', () => {
  it('sums up its reasons for HubSpot in readable words, acronyms kept', () => {
    const evaluated = score([track('Onboarding Completed', DAY), ...times(25, 'API Call')], { plan_type: 'trial' })
    const crm = crmValuesOf(model, 'contacts', evaluated.values, evaluated.scores)
    expect(crm.lead_score_product_usage_reasons).toBe(
      'Onboarding completed +20 · On a trial +10 · API calls last 7 days +2',
    )
  })

  it('gives 0 to a contact with no events', () => {
    expect(points([])).toBe(0)
  })

  it.each([
    ['Onboarding Completed', 20],
    ['Integration Connected', 15],
  ])('gives the %s milestone its points once', (event, want) => {
    expect(points([track(event, DAY), track(event, 2 * DAY)])).toBe(want)
  })

  it('gives +15 for the first report and +2 per report in the last 7 days', () => {
    expect(points([track('Report Generated', DAY)])).toBe(17)
    expect(points([track('Report Generated', 10 * DAY)])).toBe(15)
  })

  it('caps reports in the last 7 days at +10', () => {
    expect(points(times(9, 'Report Generated'))).toBe(15 + 10)
  })

  it('gives +10 for one or more invites, whatever their number', () => {
    expect(points([track('Invite Sent', DAY)])).toBe(10)
    expect(points(times(4, 'Invite Sent'))).toBe(10)
  })

  it('rounds "per 10" down: 25 API calls give +2, 9 give nothing', () => {
    expect(points(times(25, 'API Call'))).toBe(2)
    expect(points(times(9, 'API Call'))).toBe(0)
  })

  it('caps API calls at +20', () => {
    expect(points(times(199, 'API Call'))).toBe(19)
    expect(points(times(500, 'API Call'))).toBe(20)
  })

  it('gives +1 per widget, all time, at most +15', () => {
    expect(points(times(3, 'Widget Created', 30 * DAY))).toBe(3)
    expect(points(times(16, 'Widget Created', 30 * DAY))).toBe(15)
  })

  it('gives +5 per login in the last 7 days, at most +25', () => {
    expect(points(times(3, 'Signed In'))).toBe(15)
    expect(points(times(6, 'Signed In'))).toBe(25)
  })

  it('counts an event exactly 7 days old as out of the window and one a millisecond younger as in', () => {
    expect(score([track('Signed In', 7 * DAY)]).values.logins_last_7_days).toBe(0)
    expect(score([track('Signed In', 7 * DAY - 1)]).values.logins_last_7_days).toBe(1)
  })

  it('takes 5 points at 4 to 7 whole days since the last login', () => {
    expect(points([track('Signed In', 3 * DAY + 23 * HOUR)])).toBe(5)
    expect(points([track('Signed In', 4 * DAY)])).toBe(5 - 5)
    expect(points([track('Signed In', 7 * DAY + 23 * HOUR)])).toBe(-5)
  })

  it('takes 10 points after more than 7 whole days since the last login', () => {
    expect(points([track('Signed In', 8 * DAY)])).toBe(-10)
    expect(points([track('Signed In', 40 * DAY)])).toBe(-10)
  })

  it('leaves days_since_last_login absent without a login, and takes no points for it', () => {
    const { values } = score([track('Widget Created', DAY)])
    expect(values.days_since_last_login).toBeNull()
    expect(points([track('Widget Created', DAY)])).toBe(1)
  })

  it('gives +5 per active user of the company, at most +30', () => {
    expect(points([], { active_users_count: 2 })).toBe(10)
    expect(points([], { active_users_count: 9 })).toBe(30)
  })

  it('gives +10 for a company on a trial and +20 for a paying one', () => {
    expect(points([], { plan_type: 'trial' })).toBe(10)
    expect(points([], { plan_type: 'paying' })).toBe(20)
    expect(points([], { plan_type: 'free' })).toBe(0)
  })

  it('does not floor the score at zero', () => {
    expect(points([track('Signed In', 9 * DAY)])).toBe(-10)
  })

  it('labels 80 hot, 79 and 40 warm, 39 cold', () => {
    const label = (company: Record<string, string | number>, events: Event[] = []) =>
      score(events, company).scores.lead_score_product_usage?.label
    // 20 + 15 + 15 + 10 + 20 (paying) = 80
    const activated = [
      track('Onboarding Completed', 10 * DAY),
      track('Integration Connected', 10 * DAY),
      track('Report Generated', 10 * DAY),
      track('Invite Sent', 10 * DAY),
    ]
    expect(label({ plan_type: 'paying' }, activated)).toBe('hot')
    expect(label({ plan_type: 'paying' }, [...activated.slice(0, 3), ...times(19, 'Widget Created', 10 * DAY)])).toBe(
      'hot',
    )
    expect(label({ plan_type: 'paying' }, activated.slice(0, 3))).toBe('warm') // 70
    expect(label({ plan_type: 'paying' }, [activated[0] as Event, ...times(0, 'x')])).toBe('warm') // 40
    expect(label({ plan_type: 'trial' }, [activated[0] as Event, ...times(9, 'Widget Created', 10 * DAY)])).toBe('cold') // 39
  })

  it('scores the reference guide’s engaged trial user at 104 with reasons that add up', () => {
    const ada = [
      track('Onboarding Completed', 3 * DAY),
      track('Integration Connected', 2 * DAY),
      track('Report Generated', DAY),
      track('Report Generated', 2 * HOUR),
      track('Invite Sent', DAY),
      ...Array.from({ length: 25 }, (_, i) => track('API Call', (i + 1) * MINUTE)),
      ...[5, 10, 20].map((d) => track('Widget Created', d * DAY)),
      ...[3 * DAY, DAY, HOUR].map((t) => track('Signed In', t)),
    ]
    const result = score(ada, { active_users_count: 2, plan_type: 'trial' }).scores.lead_score_product_usage
    expect(result?.value).toBe(104)
    expect(result?.label).toBe('hot')
    expect(result?.reasons.reduce((sum, r) => sum + r.points, 0)).toBe(104)
    expect(result?.reasons.find((r) => r.rule === 'api_calls_last_7_days')).toMatchObject({ points: 2 })
  })

  it('knows when the score next changes by time alone', () => {
    const login = track('Signed In', 3 * DAY + 23 * HOUR)
    // The login leaves "days since" 3 after one hour; the 7-day window much later.
    expect(score([login]).nextChangeAtMs).toBe(NOW + HOUR)
  })

  it('counts the distinct active users of a company in the last 30 days', () => {
    const company = emptyEntityState()
    setMember(company, 'a', { active_users_count: NOW - DAY })
    setMember(company, 'b', { active_users_count: NOW - 29 * DAY })
    setMember(company, 'c', { active_users_count: NOW - 31 * DAY })
    const { values, nextChangeAtMs } = computeValues(model.company, company, NOW)
    expect(values.active_users_count).toBe(2)
    expect(nextChangeAtMs).toBe(NOW + DAY)
  })

  it('takes the plan from the latest group call', () => {
    const company = emptyEntityState()
    const group = (plan: string, agoMs: number): Event => ({
      ...track('x', agoMs),
      type: 'group',
      groupId: 'acme',
      traits: { plan },
    })
    applyEvent(model.company, company, group('paying', HOUR))
    applyEvent(model.company, company, group('trial', DAY))
    expect(evaluateCompany(model, company, NOW).values.plan_type).toBe('paying')
  })
})
