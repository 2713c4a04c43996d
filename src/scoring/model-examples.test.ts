import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Event } from '../events/event.ts'
import { checkModelText } from '../load-model.ts'
import { applyEvent, type EntityState, emptyEntityState, setMember } from '../properties/entity-state.ts'
import type { CompiledModel } from './compiled-model.ts'
import { type Evaluation, evaluateCompany, evaluateContact } from './evaluate-entity.ts'

const DAY = 86_400_000
const NOW = Date.parse('2026-11-26T12:00:00Z')

function example(name: string): CompiledModel {
  const file = new URL(`../../models/examples/${name}.yaml`, import.meta.url)
  const checked = checkModelText(readFileSync(file, 'utf8'), name)
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  return checked.model
}

let n = 0
const track = (event: string, atMs: number, properties: Record<string, unknown> = {}): Event => ({
  type: 'track',
  messageId: `m${n++}`,
  userId: 'u',
  event,
  properties,
  traits: {},
  timestampMs: atMs,
  receivedAtMs: atMs,
})
const identify = (traits: Record<string, unknown>): Event => ({ ...track('', NOW - DAY), type: 'identify', traits })
const group = (traits: Record<string, unknown>): Event => ({
  ...track('', NOW - DAY),
  type: 'group',
  groupId: 'g',
  traits,
})

/** One contact in one company, fed events, evaluated as the processor does. */
function account(model: CompiledModel) {
  const contact = emptyEntityState()
  const company = emptyEntityState()
  return {
    contact,
    company,
    feed(...events: Event[]) {
      for (const event of events) {
        if (event.type === 'group') applyEvent(model.company, company, event)
        else {
          applyEvent(model.contact, contact, event)
          if (event.type === 'track') applyEvent(model.company, company, event)
        }
      }
      setMember(company, 'u', contact.activity)
    },
    evaluate(nowMs = NOW): { contact: Evaluation; company: Evaluation } {
      const companyEvaluation = evaluateCompany(model, company, nowMs)
      const contactEvaluation = evaluateContact(model, contact, companyEvaluation.values, nowMs)
      contact.triggers = contactEvaluation.triggers as EntityState['triggers']
      return { contact: contactEvaluation, company: companyEvaluation }
    },
  }
}

describe('models/examples/reference-guide.yaml', () => {
  const model = example('reference-guide')

  it('scores usage, traditional fit and their composite, and fires the PQL trigger', () => {
    const ada = account(model)
    ada.feed(
      identify({ email: 'ada@acme.test', title: 'VP Sales' }),
      group({ plan: 'trial', employees: 120 }),
      track('Onboarding Completed', NOW - 3 * DAY),
      track('Integration Connected', NOW - 2 * DAY),
      track('Report Generated', NOW - DAY),
      track('Invite Sent', NOW - DAY),
      ...[1, 2, 3].map((d) => track('Signed In', NOW - d * 3_600_000)),
    )
    const { contact } = ada.evaluate()
    // 20 + 15 + 15 + 10 + 2 (one report) + 15 (three logins) + 5 (one active user) + 10 (trial)
    expect(contact.scores.lead_score_product_usage?.value).toBe(92)
    expect(contact.scores.lead_score_traditional?.value).toBe(20 + 15)
    expect(contact.scores.lead_score_composite).toMatchObject({ value: 127, label: 'hot' })
    expect(contact.fired).toEqual(['pql'])
    expect(contact.values.pql_reached_at).toBe(new Date(NOW).toISOString())
  })

  it('takes points from a student and does not call them a PQL', () => {
    const student = account(model)
    student.feed(identify({ title: 'Student' }))
    const { contact } = student.evaluate()
    expect(contact.scores.lead_score_composite?.value).toBe(-20)
    expect(contact.fired).toEqual([])
  })
})

describe('models/examples/hubspot-score-groups.yaml', () => {
  const model = example('hubspot-score-groups')

  const engaged = () => {
    const vp = account(model)
    vp.feed(
      identify({ title: 'VP of Sales' }),
      group({ employees: 500, industry: 'Software' }),
      track('Report Generated', NOW),
      track('Report Generated', NOW - 15 * DAY),
      track('Report Generated', NOW - 30 * DAY),
      track('Invite Sent', NOW - 60 * DAY),
      track('Pricing Viewed', NOW - 3 * DAY),
      track('Pricing Viewed', NOW - 20 * DAY),
      track('Demo Requested', Date.parse('2026-10-15T10:00:00+02:00')),
      ...[1, 2, 3].map((d) => track('Signed In', NOW - d * DAY)),
    )
    return vp
  }

  it('caps groups, the fit category and the total, and decays engagement in a straight line', () => {
    const result = engaged().evaluate().contact.scores.lead_score
    // fit: persona 25 + firmographics 40 = 65, capped to 60 by the category cap
    // engagement: reports 10 + 7.5 + 5 = 22.5 → 23 whole points; the 60-day-old invite is worth 0;
    // sales signals: one pricing view in 14 days 5 + demo this quarter 40 + 3 sign-ins in 7 days 5 = 50
    expect(result?.categories).toEqual({ fit: 60, engagement: 73 })
    expect(result?.value).toBe(133)
    expect(result?.label).toBe('sales_ready')
    expect(result?.grid).toBe('A1')
    expect(result?.reasons.find((r) => r.rule === 'fit cap')?.points).toBe(-5)
    expect(result?.reasons.reduce((sum, r) => sum + r.points, 0)).toBe(133)
  })

  it('lets the demo request drop out when the quarter ends, in the model’s time zone', () => {
    const vp = engaged()
    const nextQuarter = Date.parse('2027-01-01T00:00:00+01:00')
    expect(vp.evaluate(nextQuarter - 1).contact.scores.lead_score?.reasons.some((r) => r.rule === 'demo_request')).toBe(
      true,
    )
    expect(vp.evaluate(nextQuarter).contact.scores.lead_score?.reasons.some((r) => r.rule === 'demo_request')).toBe(
      false,
    )
  })

  it('schedules the next change for the instant a decayed point is lost', () => {
    const vp = engaged()
    const { nextChangeAtMs } = vp.evaluate().contact
    expect(nextChangeAtMs).not.toBeNull()
    const at = nextChangeAtMs as number
    const points = (t: number) => vp.evaluate(t).contact.scores.lead_score?.categories?.engagement
    expect(points(at - 1)).toBe(73)
    expect(points(at)).not.toBe(73)
  })

  it('gives per-value points for the industry', () => {
    const finance = account(model)
    finance.feed(identify({ title: 'Analyst' }), group({ employees: 10, industry: 'Finance' }))
    expect(finance.evaluate().contact.scores.lead_score?.categories?.fit).toBe(10 + 10)
  })

  it('does not score a customer', () => {
    const customer = account(model)
    customer.feed(identify({ title: 'VP', lifecycle_stage: 'customer' }))
    expect(customer.evaluate().contact.scores.lead_score).toBeUndefined()
  })

  it('starts engagement again after a lost deal', () => {
    const vp = engaged()
    vp.feed(track('Deal Lost', NOW - 2 * DAY), track('Report Generated', NOW - DAY))
    // Only the report after the loss counts in the product group; pricing and sign-ins before it no longer do.
    const result = vp.evaluate().contact.scores.lead_score
    expect(result?.reasons.find((r) => r.rule === 'reports')?.points).toBe(20)
    expect(result?.reasons.some((r) => r.rule === 'pricing_page')).toBe(false)
  })

  it('puts a student with no engagement in C3', () => {
    const student = account(model)
    student.feed(identify({ title: 'Student' }))
    expect(student.evaluate().contact.scores.lead_score).toMatchObject({ value: -30, label: 'cold', grid: 'C3' })
  })

  it('scores a company on its contacts’ actions with a half-life', () => {
    const team = account(model)
    team.feed(...[0, 0, 0].map(() => track('Signed In', NOW)), track('Report Generated', NOW - 14 * DAY))
    // 3 × 2 now + 2 halved once = 7
    expect(team.evaluate().company.scores.company_engagement?.value).toBe(7)
  })
})

describe('models/examples/mautic-points.yaml', () => {
  const model = example('mautic-points')

  it('scores repeatable and once-only actions, campaign windows and point groups; the MQL trigger fires once', () => {
    const lead = account(model)
    lead.feed(
      track('Asset Downloaded', NOW - 5 * DAY, { asset: 'whitepaper' }),
      track('Asset Downloaded', NOW - 4 * DAY, { asset: 'whitepaper' }),
      ...[1, 2, 3].map((d) => track('Page Visited', NOW - d * DAY, { url: '/pricing' })),
      ...[1, 2, 3, 4, 5].map((d) => track('Email Opened', NOW - d * DAY)),
      track('Webinar Attended', Date.parse('2026-11-20T15:00:00Z')),
      track('Webinar Attended', Date.parse('2026-10-20T15:00:00Z')),
      ...[1, 2, 3].map((d) => track('Page Visited', NOW - d * DAY, { url: '/shop/umbrellas/red' })),
    )
    const first = lead.evaluate().contact
    // 10 (whitepaper, once) + 15 (pricing ×3) + 5 (emails) + 20 (webinar in the campaign window)
    expect(first.scores.points?.value).toBe(50)
    expect(first.scores.umbrellas?.value).toBe(9)
    expect(first.scores.raincoats?.value).toBe(0)
    expect(first.fired.sort()).toEqual(['mql', 'umbrella_fan'])
    lead.feed(track('Unsubscribed', NOW))
    expect(lead.evaluate().contact.scores.points?.value).toBe(35)
    lead.feed(...[1, 2, 3].map(() => track('Page Visited', NOW, { url: '/pricing' })))
    const again = lead.evaluate().contact
    expect(again.scores.points?.value).toBe(50)
    expect(again.fired).toEqual([])
    expect(again.values.mql_reached_at).toBe(new Date(NOW).toISOString())
  })

  it('matches URLs with wildcards, adjusts points from the event, resets a group and names the top group', () => {
    const lead = account(model)
    lead.feed(
      track('Page Visited', NOW - DAY, { url: '/pricing/teams' }),
      track('Page Visited', NOW - DAY, { url: '/about/pricing' }),
      track('Points Adjusted', NOW - DAY, { delta: 12 }),
      track('Points Adjusted', NOW - DAY, { delta: -2 }),
      ...[1, 2].map((d) => track('Page Visited', NOW - d * DAY, { url: '/shop/raincoats/blue' })),
      track('Page Visited', NOW - DAY, { url: '/shop/umbrellas/red' }),
    )
    const first = lead.evaluate().contact
    expect(first.scores.points?.value).toBe(5 + 12 - 2)
    expect(first.scores.points?.reasons.map((r) => r.rule).sort()).toEqual(['adjusted', 'visited_pricing'])
    expect(first.values.primary_interest).toBe('raincoats')
    lead.feed(track('Raincoat Points Reset', NOW - 12 * 3_600_000))
    const after = lead.evaluate().contact
    expect(after.scores.raincoats?.value).toBe(0)
    expect(after.values.primary_interest).toBe('umbrellas')
  })

  it('fires a trigger only inside its active window', () => {
    const lead = account(model)
    lead.feed(...[1, 2, 3, 4].map((d) => track('Page Visited', NOW - d * DAY, { url: '/pricing' })))
    expect(lead.evaluate().contact.fired).not.toContain('winter_campaign_lead')
    expect(lead.evaluate(Date.parse('2026-12-01T00:00:00Z')).contact.fired).toContain('winter_campaign_lead')
  })
})

describe('models/examples/decay-patterns.yaml', () => {
  const model = example('decay-patterns')
  const score = (events: Event[], name: string, nowMs = NOW) => {
    const lead = account(model)
    lead.feed(...events)
    return lead.evaluate(nowMs).contact.scores[name]
  }

  it('decays MadKudu-style (lifespan, half-life) and normalises to 0–100', () => {
    // ebook 9 × (1 − 3/90) = 8.7 → 9; pricing 20 halved once = 10
    const result = score(
      [track('Ebook Downloaded', NOW - 3 * DAY), track('Pricing Viewed', NOW - 14 * DAY)],
      'likelihood_to_buy',
    )
    expect(result).toMatchObject({ value: 19, label: 'low' })
    const hot = score([...[1, 2, 3].map((d) => track('Demo Requested', NOW - d * DAY))], 'likelihood_to_buy')
    expect(hot?.value).toBe(100)
    expect(hot?.reasons.at(-1)).toMatchObject({ rule: 'normalized to 0–100' })
  })

  it('decays geometrically after a grace period, in daily steps', () => {
    const read = [track('Article Read', NOW - 3 * DAY)]
    expect(score(read, 'interest')?.value).toBe(7) // 10 × 0.9³
    expect(score(read, 'interest', NOW - 2 * DAY - 1)?.value).toBe(10) // still in the grace day
    const lead = account(model)
    lead.feed(...read)
    expect(lead.evaluate().contact.nextChangeAtMs).toBe(NOW + DAY)
  })

  it('keeps a share of old points by a retention schedule', () => {
    const attended = [track('Event Attended', NOW - 900 * DAY)]
    expect(score(attended, 'membership_engagement')?.value).toBe(30)
    expect(score(attended, 'membership_engagement', NOW + 600 * DAY)?.value).toBe(10)
  })

  it('takes points for every month without activity', () => {
    expect(score([track('Signed In', NOW - 10 * DAY)], 'activity')?.value).toBe(5)
    expect(score([track('Signed In', NOW - 65 * DAY)], 'activity')?.value).toBe(-40)
  })
})
