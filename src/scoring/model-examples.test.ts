import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { trackEvent } from '../../test/track-event.ts'
import { crmValuesOf } from '../crm/crm-values.ts'
import type { Event } from '../events/event.ts'
import { checkModelText } from '../load-model.ts'
import { applyEvent, type EntityState, emptyEntityState, setMember } from '../properties/entity-state.ts'
import type { CompiledModel } from './compiled-model.ts'
import { type Evaluation, evaluateCompany, evaluateContact } from './evaluate-entity.ts'
import { withCutoffs } from './percentile-labels.ts'

const DAY = 86_400_000
const NOW = Date.parse('2026-11-26T12:00:00Z')

function example(name: string): CompiledModel {
  const file = new URL(`../../models/examples/${name}.yaml`, import.meta.url)
  const checked = checkModelText(readFileSync(file, 'utf8'), name)
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  return checked.model
}

const track = trackEvent
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
  // The values of the last evaluation, as the processor keeps them (an insight keeps its value on a tie).
  let previous: Evaluation['values'] | undefined
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
      const contactEvaluation = evaluateContact(model, contact, companyEvaluation.values, nowMs, previous)
      contact.triggers = contactEvaluation.triggers as EntityState['triggers']
      previous = contactEvaluation.values
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

  it('counts webinars of the fiscal quarter before the current one, and moves on at the next one', () => {
    const attendee = account(model)
    const days = [
      '2026-07-20T10:00+02:00',
      '2026-08-01T00:30+02:00',
      '2026-10-20T10:00+02:00',
      '2026-11-20T10:00+01:00',
    ]
    attendee.feed(...days.map((iso) => track('Webinar Attended', Date.parse(iso))))
    const webinars = (nowMs: number) =>
      attendee.evaluate(nowMs).contact.scores.lead_score?.reasons.find((r) => r.rule === 'webinars')?.points
    // Fiscal quarters from February: on 26 November the last one is August to October (from local midnight).
    expect(webinars(NOW)).toBe(20)
    const february = Date.parse('2027-02-01T00:00:00+01:00')
    expect(attendee.evaluate().contact.nextChangeAtMs).toBe(february)
    expect(webinars(february - 1)).toBe(20)
    expect(webinars(february)).toBe(10)
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

  it('writes the score to the CRM properties its outputs name, and colours its labels', () => {
    const result = engaged().evaluate().contact.scores.lead_score
    if (result === undefined) throw new Error('no score')
    const crm = crmValuesOf(model, 'contacts', {}, { lead_score: result })
    expect(crm).toMatchObject({
      combined_lead_score: '133',
      lead_tier: 'sales_ready',
      lead_grid: 'A1',
      lead_fit: '60',
      lead_engagement: '73',
    })
    expect(crm.lead_score_reasons?.startsWith('Demo request +40 · Decision maker +25')).toBe(true)
    expect(Object.keys(crm).some((name) => name === 'lead_score' || name === 'lead_score_label')).toBe(false)
    expect(model.crmProperties.find((p) => p.name === 'lead_tier')).toMatchObject({ label: 'Lead tier' })
    expect(model.contactScores[0]?.labelColors).toEqual({ sales_ready: 'red', nurture: 'orange', cold: 'blue' })
  })

  it('is valid, with warnings only where its groups score several event types (HubSpot’s UI takes one)', () => {
    const file = new URL('../../models/examples/hubspot-score-groups.yaml', import.meta.url)
    const checked = checkModelText(readFileSync(file, 'utf8'), 'hubspot-score-groups')
    expect(checked.ok).toBe(true)
    expect(checked.warnings.map((w) => w.message.split(';')[0])).toEqual([
      'HubSpot: a group scores one event type',
      'HubSpot: a group scores one event type',
      'HubSpot: a group scores one event type',
    ])
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

  it('scores URL hits (page calls) that meet all of Mautic’s url.hit conditions, once per contact', () => {
    const page = (atMs: number, url: string, properties: Record<string, unknown> = {}): Event => ({
      ...track('', atMs, { url, path: new URL(url).pathname, ...properties }),
      type: 'page',
    })
    const pricing = (atMs: number) => page(atMs, 'https://plotline.test/pricing', { time_on_page: 50 })
    const lead = account(model)
    // The third hit comes 9 days after the second: more than returns_within 7d.
    lead.feed(pricing(NOW - 20 * DAY), pricing(NOW - 10 * DAY), pricing(NOW - DAY))
    expect(lead.evaluate().contact.scores.points?.value).toBe(0)
    // The fourth (on another /pricing* page) comes a day later, with 200 s spent on pricing pages in all: +15, once.
    lead.feed(page(NOW, 'https://plotline.test/pricing/teams', { time_on_page: 50 }), pricing(NOW + 1))
    lead.feed(page(NOW, 'https://docs.plotline.test/start'), page(NOW + 1, 'https://docs.plotline.test/api'))
    const result = lead.evaluate(NOW + 2).contact.scores.points
    expect(result?.value).toBe(15 + 2)
    expect(result?.reasons.map((r) => r.rule).sort()).toEqual(['first_docs_visit', 'pricing_regular'])
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

  it('segments the likelihood to buy by rank (older MadKudu) against the cut-offs in force, ties going up', () => {
    const rankOf = (scoring: CompiledModel, events: Event[]) => {
      const lead = account(scoring)
      lead.feed(...events)
      return lead.evaluate().contact.scores.likelihood_to_buy_rank
    }
    // As the processor last ranked every contact: the top 1 % from 100, the top 10 % from 60, the top 30 % from 19.
    const ranked = withCutoffs(model, { likelihood_to_buy_rank: { very_high: 100, high: 60, medium: 19 } })
    const demos = [1, 2, 3].map((d) => track('Demo Requested', NOW - d * DAY))
    const browsing = [track('Ebook Downloaded', NOW - 3 * DAY), track('Pricing Viewed', NOW - 14 * DAY)]
    expect(rankOf(ranked, demos)).toMatchObject({ value: 100, label: 'very_high' })
    expect(rankOf(ranked, browsing)).toMatchObject({ value: 19, label: 'medium' })
    expect(rankOf(ranked, [])).toMatchObject({ value: 0, label: 'low' })
    // Before the first ranking, everyone is low.
    expect(rankOf(model, demos)).toMatchObject({ value: 100, label: 'low' })
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

  it('scores an aggregated event from the instant its condition became true, over its lifespan, and again', () => {
    const sixLogins = (lastMs: number) => [5, 4, 3, 2, 1, 0].map((h) => track('Signed In', lastMs - h * 3_600_000))
    const lead = account(model)
    const points = (nowMs: number) =>
      lead.evaluate(nowMs).contact.scores.likelihood_to_buy?.reasons.find((r) => r.rule === 'active_user')?.points
    lead.feed(...sixLogins(NOW - 30 * DAY))
    expect(points(NOW - 30 * DAY)).toBe(9)
    // The logins have left the 30-day window: the event stays, worth 9 × (1 − 30/90).
    expect(points(NOW)).toBe(6)
    // Six logins again, after the condition stopped holding: a second event, at the sixth.
    lead.feed(...sixLogins(NOW + 30 * DAY))
    expect(points(NOW + 30 * DAY)).toBe(3 + 9)
    // 90 days after the second: both are worth nothing.
    expect(lead.evaluate(NOW + 120 * DAY).contact.scores.likelihood_to_buy?.value).toBe(0)
  })
})

describe('models/examples/hubspot-segments.yaml', () => {
  const model = example('hubspot-segments')

  /** A VP in the beta, at a 500-person software company on the ABM Tier 1 list, with five reports this month. */
  const champion = () => {
    const vp = account(model)
    vp.feed(
      identify({ title: 'VP Engineering', beta_program: true }),
      group({ employees: 500, industry: 'Software', account_lists: ['Partners', 'ABM Tier 1'] }),
      ...[1, 2, 3, 4, 5].map((d) => track('Report Generated', NOW - d * DAY)),
    )
    return vp
  }
  const outsider = () => {
    const analyst = account(model)
    analyst.feed(identify({ title: 'Analyst' }), group({ employees: 40, industry: 'Retail' }))
    return analyst
  }

  it('gives points for being in any, all or none of some segments, dynamic and static', () => {
    // fit: target account 30 + ABM champion 20; engagement: 5 reports × 2 + beta user 10
    expect(champion().evaluate().contact.scores.lead_score).toMatchObject({
      value: 70,
      label: 'hot',
      categories: { fit: 50, engagement: 20 },
    })
    expect(outsider().evaluate().contact.scores.lead_score).toMatchObject({ value: -10, label: 'cold' })
  })

  it('scores only hot leads for follow-up, a segment on the lead score, and fires when a contact joins it', () => {
    const { contact } = champion().evaluate()
    expect(contact.values.hot_leads).toBe(true)
    expect(contact.scores.sales_follow_up?.value).toBe(50 + 30 + 20)
    expect(contact.fired).toEqual(['became_hot_lead'])
    expect(outsider().evaluate().contact.scores.sales_follow_up).toBeUndefined()
  })

  it('does not score customers, contacts at competitors, or competitor accounts', () => {
    const customer = account(model)
    customer.feed(
      identify({ title: 'VP', lifecycle_stage: 'customer' }),
      group({ employees: 500, industry: 'Software' }),
    )
    expect(customer.evaluate().contact.scores.lead_score).toBeUndefined()
    const rival = account(model)
    rival.feed(
      identify({ title: 'VP' }),
      group({ employees: 500, industry: 'Software', account_lists: ['Competitors'] }),
    )
    const { contact, company } = rival.evaluate()
    expect(contact.scores.lead_score).toBeUndefined()
    expect(company.scores.account_fit).toBeUndefined()
  })

  it('scores only accounts in a target or named-account segment', () => {
    expect(champion().evaluate().company.scores.account_fit?.value).toBe(40 + 40)
    expect(outsider().evaluate().company.scores.account_fit).toBeUndefined()
  })

  it('follows a list change from a later group call, and writes the segments the model names to HubSpot', () => {
    const vp = champion()
    const before = vp.evaluate()
    expect(crmValuesOf(model, 'companies', before.company.values, before.company.scores).in_abm_tier_1).toBe('true')
    vp.feed({ ...group({ account_lists: ['Partners'] }), timestampMs: NOW - 3_600_000 })
    const after = vp.evaluate()
    expect(after.company.values.abm_tier_1).toBe(false)
    // fit: target account 30 only, the ABM champion points are gone; engagement unchanged
    expect(after.contact.scores.lead_score?.value).toBe(50)
    expect(after.contact.scores.sales_follow_up).toBeUndefined()
    expect(crmValuesOf(model, 'companies', after.company.values, after.company.scores).in_abm_tier_1).toBe('false')
    expect(crmValuesOf(model, 'contacts', after.contact.values, after.contact.scores).upscore_hot_lead).toBe('false')
  })
})

describe('models/examples/mautic-points.yaml: the API’s operators and insight ties', () => {
  const model = example('mautic-points')
  const adjust = (group: string, operator: string, value: number, atMs: number) =>
    track('Group Points Adjusted', atMs, { group, operator, value })
  const umbrella = (atMs: number) => track('Page Visited', atMs, { url: '/shop/umbrellas/red' })
  const raincoat = (atMs: number) => track('Page Visited', atMs, { url: '/shop/raincoats/blue' })

  it('applies times and plus to the group named, in time order', () => {
    const lead = account(model)
    lead.feed(
      ...[5, 4, 3].map((d) => umbrella(NOW - d * DAY)),
      adjust('umbrellas', 'times', 2, NOW - 2 * DAY),
      adjust('umbrellas', 'plus', 4, NOW - 2 * DAY),
      umbrella(NOW - DAY),
      adjust('raincoats', 'plus', 5, NOW - DAY),
    )
    const { scores } = lead.evaluate().contact
    // 3 visits × 3, doubled; then +4; then a visit after the doubling
    expect(scores.umbrellas?.value).toBe(9 * 2 + 4 + 3)
    expect(scores.umbrellas?.reasons.map((r) => [r.rule, r.points])).toEqual([
      ['umbrella_pages', 21],
      ['umbrellas adjustments', 4],
    ])
    expect(scores.raincoats?.value).toBe(5)
    const crm = crmValuesOf(model, 'contacts', lead.evaluate().contact.values, scores)
    expect(crm.umbrellas_reasons).toBe('Umbrella pages +21 · Adjusted via the API +4')
  })

  it('sets a group, then divides and takes points from it', () => {
    const lead = account(model)
    lead.feed(
      ...[5, 4, 3].map((d) => umbrella(NOW - d * DAY)),
      adjust('umbrellas', 'set', 40, NOW - 2 * DAY),
      umbrella(NOW - DAY),
      adjust('umbrellas', 'divide', 4, NOW - 12 * 3_600_000),
      adjust('umbrellas', 'minus', 1, NOW),
    )
    // the visit after the set: 3 ÷ 4, 1 in whole points; the adjustments: 40 ÷ 4 − 1 = 9
    expect(lead.evaluate().contact.scores.umbrellas?.value).toBe(10)
    lead.feed(adjust('umbrellas', 'reset', 0, NOW + 1))
    expect(lead.evaluate(NOW + 1).contact.scores.umbrellas?.value).toBe(0)
  })

  it('keeps the insight’s value on a tie; with no value yet, the first listed wins', () => {
    const lead = account(model)
    lead.feed(raincoat(NOW - 2 * DAY))
    expect(lead.evaluate().contact.values.primary_interest).toBe('raincoats')
    lead.feed(umbrella(NOW - DAY))
    expect(lead.evaluate().contact.values.primary_interest).toBe('raincoats')
    lead.feed(umbrella(NOW - DAY + 1))
    expect(lead.evaluate().contact.values.primary_interest).toBe('umbrellas')
    lead.feed(raincoat(NOW - DAY + 2))
    expect(lead.evaluate().contact.values.primary_interest).toBe('umbrellas')
    const fresh = account(model)
    fresh.feed(raincoat(NOW - DAY), umbrella(NOW - DAY))
    expect(fresh.evaluate().contact.values.primary_interest).toBe('umbrellas')
  })
})

describe('models/examples/decay-patterns.yaml: inactivity set and adjustments', () => {
  const model = example('decay-patterns')
  const engagementAdjusted = (operator: string, value: number, atMs: number) =>
    track('Engagement Adjusted', atMs, { operator, value })

  it('sets the event points to 3 after 30 days without activity; new activity adds to the 3', () => {
    const never = account(model)
    expect(never.evaluate().contact.scores.activity_floor?.value).toBe(0)
    const lead = account(model)
    lead.feed(track('Signed In', NOW - 40 * DAY), track('Signed In', NOW - 35 * DAY))
    const floor = (nowMs: number) => lead.evaluate(nowMs).contact.scores.activity_floor?.value
    expect(floor(NOW - 5 * DAY - 1)).toBe(10)
    expect(floor(NOW - 5 * DAY)).toBe(3)
    lead.feed(track('Report Generated', NOW - DAY))
    const result = lead.evaluate().contact.scores.activity_floor
    expect(result?.reasons.map((r) => [r.rule, r.points])).toEqual([
      ['reports', 10],
      ['activity_floor inactivity', 3],
    ])
    const crm = crmValuesOf(model, 'contacts', {}, result === undefined ? {} : { activity_floor: result })
    expect(crm.activity_floor_reasons).toBe('Reports +10 · Inactive for 30 days +3')
    // 30 days after the report: set to 3 again, not 3 + 3.
    expect(floor(NOW + 29 * DAY)).toBe(3)
  })

  it('scales earlier points with times; what an adjustment leaves decays with the group', () => {
    const lead = account(model)
    lead.feed(
      track('Report Generated', NOW - 60 * DAY),
      engagementAdjusted('times', 2, NOW - 30 * DAY),
      engagementAdjusted('plus', 8, NOW - 30 * DAY),
    )
    // the report: 10 × 2 × ¼ (two half-lives) = 5; the plus: 8 × ½ = 4
    expect(lead.evaluate().contact.scores.engagement?.reasons.map((r) => [r.rule, r.points])).toEqual([
      ['reports', 5],
      ['usage adjustments', 4],
    ])
  })

  it('sets the group to a value that then decays; points after the set add to it', () => {
    const lead = account(model)
    lead.feed(
      track('Report Generated', NOW - 40 * DAY),
      engagementAdjusted('set', 40, NOW - 30 * DAY),
      track('Report Generated', NOW),
    )
    expect(lead.evaluate().contact.scores.engagement?.categories).toEqual({ engagement: 20 + 10 })
  })
})

describe('models/examples/madkudu-lead-grade.yaml', () => {
  const model = example('madkudu-lead-grade')
  const lead = (title: string, company: Record<string, unknown>, events: Event[]) => {
    const person = account(model)
    person.feed(identify({ title }), group(company), ...events)
    return person.evaluate().contact
  }

  it('grades very good fit × high likelihood to buy A, and places the lead in A’s band by its likelihood', () => {
    const ada = lead('VP Sales', { employees: 500, industry: 'Software' }, [
      track('Signed Up', NOW - 3 * DAY),
      track('Project Created', NOW - 4 * DAY),
      track('Invite Sent', NOW - DAY),
      track('Pricing Viewed', NOW),
    ])
    expect(ada.scores.customer_fit).toMatchObject({ value: 100, label: 'very_good' })
    // 20 × (1 − 3/90) + 15 × (1 − 4/60) + 25 × (1 − 1/30) + 20 = 19 + 14 + 24 + 20
    expect(ada.scores.likelihood_to_buy).toMatchObject({ value: 77, label: 'high' })
    // A's band 90–100 over a likelihood of 70–100: 90 + 10 × 7/30
    expect(ada.scores.lead_grade).toMatchObject({ grid: 'A', gradeScore: 92 })
    const crm = crmValuesOf(model, 'contacts', ada.values, ada.scores)
    expect([crm.lead_grade_grid, crm.lead_grade_grade_score]).toEqual(['A', '92'])
  })

  it('grades from the matrix, not from the letters: good fit × high likelihood is B', () => {
    const carol = lead('VP Product', { employees: 500, industry: 'Retail' }, [
      ...['Signed Up', 'Project Created', 'Invite Sent', 'Pricing Viewed'].map((e) => track(e, NOW)),
    ])
    // B's band 75–89 over a likelihood of 50–100: 75 + 14 × 30/50 = 83.4
    expect(carol.scores.lead_grade).toMatchObject({ grid: 'B', gradeScore: 83 })
  })

  it('grades low fit × low likelihood E, low in its band', () => {
    const bob = lead('Analyst', { employees: 50, industry: 'Finance' }, [track('Signed Up', NOW - 10 * DAY)])
    // likelihood 20 × (1 − 10/90) = 18: 1 + 23 × 18/69 = 7
    expect(bob.scores.lead_grade).toMatchObject({ grid: 'E', gradeScore: 7 })
  })

  it('declares the grade score as a number property of the CRM', () => {
    expect(model.crmProperties.find((p) => p.name === 'lead_grade_grade_score')).toMatchObject({
      objectType: 'contacts',
      type: 'number',
    })
  })
})
