import { describe, expect, it } from 'vitest'
import type { Event } from '../events/event.ts'
import { checkModelText } from '../load-model.ts'
import { applyEvent, emptyEntityState } from '../properties/entity-state.ts'
import type { CompiledModel } from './compiled-model.ts'
import { evaluateCompany, evaluateContact } from './evaluate-entity.ts'

const NOW = Date.parse('2026-11-26T12:00:00Z')

const MODEL = `
properties:
  contact:
    job_title: { type: trait, trait: title }
    lifecycle_stage: { type: trait, trait: lifecycle_stage }
  company:
    employees: { type: trait, trait: employees, value_type: number }
segments:
  target_accounts: { subject: company, when: employees >= 200 }
  abm_tier_1: { subject: company, trait: lists, contains: ABM Tier 1 }
  decision_makers: { subject: contact, when: job_title contains "VP" }
  beta_program: { subject: contact, trait: beta_program }
  customers: { subject: contact, when: lifecycle_stage == "customer" }
  competitors: { subject: contact, trait: lists, contains: Competitors }
  hot_leads: { subject: contact, when: fit >= 30 }
scores:
  fit:
    subject: contact
    exclude_segments: [customers, competitors]
    rules:
      target: { segments: { any: [company.target_accounts, company.abm_tier_1] }, points: 30 }
      champion: { segments: { all: [decision_makers, beta_program] }, points: 20 }
      outsider: { segments: { none: [company.target_accounts, company.abm_tier_1] }, points: -10 }
      vp_at_target: { when: decision_makers and company.target_accounts, points: 5 }
  beta_usage:
    subject: contact
    include_segments: [beta_program]
    rules: { enrolled: { points: 5 } }
  sales_priority:
    subject: contact
    include_segments: [hot_leads]
    rules: { hot: { points: 1 } }
  account_fit:
    subject: company
    include_segments: [target_accounts, abm_tier_1]
    rules:
      both: { segments: { all: [target_accounts, abm_tier_1] }, points: 50 }
      in_scope: { points: 10 }
triggers:
  hot_lead: { subject: contact, when: hot_leads }
`

function compiled(): CompiledModel {
  const checked = checkModelText(MODEL, 'segments.yaml')
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  return checked.model
}
const model = compiled()

let n = 0
const message = (type: 'identify' | 'group', traits: Record<string, unknown>, atMs = NOW - 1000): Event => ({
  type,
  messageId: `m${n++}`,
  userId: 'u',
  groupId: 'g',
  properties: {},
  traits,
  timestampMs: atMs,
  receivedAtMs: atMs,
})

/** A contact with these identify traits, in a company with these group traits, evaluated now. */
function evaluate(contactTraits: Record<string, unknown>[], companyTraits: Record<string, unknown> = {}) {
  const company = emptyEntityState()
  applyEvent(model.company, company, message('group', companyTraits))
  const contact = emptyEntityState()
  contactTraits.forEach((traits, i) => {
    applyEvent(model.contact, contact, message('identify', traits, NOW - 1000 + i))
  })
  const companyEvaluation = evaluateCompany(model, company, NOW)
  return { company: companyEvaluation, contact: evaluateContact(model, contact, companyEvaluation.values, NOW) }
}

const pointsOf = (result: { reasons: { rule: string; points: number }[] } | undefined) =>
  Object.fromEntries((result?.reasons ?? []).map((r) => [r.rule, r.points]))

describe('segment membership rules', () => {
  it('gives points for being in any of some segments: a dynamic company segment', () => {
    const { contact } = evaluate([{ title: 'Analyst' }], { employees: 500 })
    expect(pointsOf(contact.scores.fit)).toEqual({ target: 30 })
  })

  it('gives points for being in any of some segments: a static company segment from a list trait', () => {
    const { contact } = evaluate([{ title: 'Analyst' }], { employees: 10, lists: ['Partners', 'ABM Tier 1'] })
    expect(pointsOf(contact.scores.fit)).toEqual({ target: 30 })
  })

  it('gives points for being in all of some segments, and none for being in only some', () => {
    expect(pointsOf(evaluate([{ title: 'VP Sales', beta_program: true }]).contact.scores.fit).champion).toBe(20)
    expect(pointsOf(evaluate([{ title: 'VP Sales' }]).contact.scores.fit).champion).toBeUndefined()
    expect(pointsOf(evaluate([{ title: 'Analyst', beta_program: true }]).contact.scores.fit).champion).toBeUndefined()
  })

  it('gives points for being in none of some segments', () => {
    expect(evaluate([{ title: 'Analyst' }], { employees: 10 }).contact.scores.fit?.value).toBe(-10)
  })

  it('takes the points back when the subject leaves the segment (a live condition)', () => {
    const left = evaluate([{ title: 'VP', beta_program: true }, { beta_program: false }])
    expect(pointsOf(left.contact.scores.fit).champion).toBeUndefined()
  })

  it('shows in the reason which segments the rule read', () => {
    const reason = evaluate([{ title: 'Analyst' }], { employees: 500 }).contact.scores.fit?.reasons[0]
    expect(reason?.values).toEqual({ 'company.target_accounts': true, 'company.abm_tier_1': false })
  })

  it('lets a condition read a segment by name, like a boolean property', () => {
    const { contact } = evaluate([{ title: 'VP Sales' }], { employees: 500 })
    expect(pointsOf(contact.scores.fit).vp_at_target).toBe(5)
  })

  it('gives a company score points for being in all of its own segments', () => {
    const { company } = evaluate([], { employees: 500, lists: ['ABM Tier 1'] })
    expect(company.scores.account_fit?.value).toBe(60)
  })
})

describe('segment scope of a score', () => {
  it('scores only subjects in an included segment: the others have no score', () => {
    expect(evaluate([{ beta_program: true }]).contact.scores.beta_usage?.value).toBe(5)
    expect(evaluate([{ beta_program: false }]).contact.scores.beta_usage).toBeUndefined()
    expect(evaluate([{}]).contact.scores.beta_usage).toBeUndefined()
  })

  it('scores a subject in at least one of several included segments', () => {
    expect(evaluate([], { employees: 500 }).company.scores.account_fit?.value).toBe(10)
    expect(evaluate([], { employees: 10, lists: ['ABM Tier 1'] }).company.scores.account_fit?.value).toBe(10)
    expect(evaluate([], { employees: 10 }).company.scores.account_fit).toBeUndefined()
  })

  it('does not score a subject in an excluded segment, dynamic or static', () => {
    expect(evaluate([{ lifecycle_stage: 'customer' }], { employees: 500 }).contact.scores.fit).toBeUndefined()
    expect(evaluate([{ lists: ['Competitors'] }], { employees: 500 }).contact.scores.fit).toBeUndefined()
    expect(evaluate([{ lifecycle_stage: 'lead' }], { employees: 500 }).contact.scores.fit?.value).toBe(30)
  })

  it('lets a segment read a score declared before the score it scopes', () => {
    expect(evaluate([{ title: 'Analyst' }], { employees: 500 }).contact.scores.sales_priority?.value).toBe(1)
    expect(evaluate([{ title: 'Analyst' }], { employees: 10 }).contact.scores.sales_priority).toBeUndefined()
  })
})

describe('segment values', () => {
  it('keeps every membership in the subject’s values, for triggers, the read API and the company’s members', () => {
    const { contact, company } = evaluate([{ title: 'VP', lifecycle_stage: 'lead' }], { employees: 500 })
    expect(company.values).toMatchObject({ target_accounts: true, abm_tier_1: false })
    expect(contact.values).toMatchObject({
      decision_makers: true,
      beta_program: false,
      customers: false,
      competitors: false,
      hot_leads: true,
    })
    expect(contact.fired).toEqual(['hot_lead'])
  })
})
