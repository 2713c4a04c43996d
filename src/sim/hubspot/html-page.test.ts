import { describe, expect, it } from 'vitest'
import { createAssociationStore } from './association-store.ts'
import type { CrmRecord } from './crm-record.ts'
import { escapeHtml, renderHtmlPage } from './html-page.ts'
import type { ObjectType } from './object-types.ts'
import { parsePageQuery } from './page-query.ts'
import { buildPageView } from './page-view.ts'
import type { PropertyDefinition } from './property-definition.ts'
import { createPropertyRegistry } from './property-registry.ts'

const NOW = Date.parse('2026-11-26T12:00:00Z')

const property = (name: string, label: string, type: PropertyDefinition['type']): PropertyDefinition => ({
  name,
  label,
  type,
  fieldType: type === 'number' ? 'number' : type === 'bool' ? 'booleancheckbox' : 'text',
  groupName: 'product_usage',
  description: '',
  options: [],
  displayOrder: -1,
  hasUniqueValue: false,
  hidden: false,
  formField: false,
  hubspotDefined: false,
  readOnlyValue: false,
  createdAt: NOW,
  updatedAt: NOW,
  archived: false,
})

const record = (id: string, properties: Record<string, string>): CrmRecord => ({
  id,
  properties,
  createdAt: NOW,
  updatedAt: NOW - Number(id),
  archived: false,
})

/** A portal as the demo leaves it: scored contacts, their companies, upscore's properties. */
function portal(contacts: CrmRecord[], companies: CrmRecord[]) {
  const properties = createPropertyRegistry([], NOW)
  properties.put('contacts', property('api_calls_last_7_days', 'API calls last 7 days', 'number'))
  properties.put('contacts', property('has_completed_onboarding', 'Has completed onboarding', 'bool'))
  properties.put('contacts', property('lead_score', 'Lead Score', 'number'))
  properties.put('contacts', property('lead_score_label', 'Lead Score (label)', 'string'))
  properties.put('contacts', property('lead_score_reasons', 'Lead Score (reasons)', 'string'))
  properties.put('companies', property('plan_type', 'Plan type', 'string'))
  const associations = createAssociationStore()
  const records: Record<ObjectType, CrmRecord[]> = { contacts, companies, tasks: [] }
  const page = (search = {}) => {
    const query = parsePageQuery(search)
    const view = buildPageView({ records: (type) => records[type], properties, associations }, query)
    return { view, html: renderHtmlPage(view, query, NOW) }
  }
  return { associations, page }
}

const ada = record('101', {
  email: 'ada@acme.test',
  firstname: 'Ada',
  lead_score: '95',
  lead_score_label: 'hot',
  lead_score_reasons: 'Logins last 7 days +25 · Onboarding completed +20',
  has_completed_onboarding: 'true',
})
const bob = record('102', { email: 'bob@globex.test', lead_score: '12', lead_score_label: 'cold' })
const cy = record('103', { email: 'cy@acme.test', lead_score: '55', lead_score_label: 'warm' })
const dee = record('104', { email: 'dee@acme.test', lead_score: '88', lead_score_label: 'hot' })
const fresh = record('105', { email: 'new@acme.test' })
const acme = record('201', { name: 'Acme Inc.', plan_type: 'trial' })

function demoPortal() {
  const p = portal([bob, fresh, ada, cy, dee], [acme])
  p.associations.add('contacts', '101', 'companies', '201', [{ category: 'HUBSPOT_DEFINED', typeId: 279 }])
  return p
}

const contactRows = (view: ReturnType<ReturnType<typeof portal>['page']>['view']) =>
  view.sections.find((s) => s.type === 'contacts')?.rows.map((row) => row.cells[0]?.text)

describe('the HubSpot simulator page', () => {
  it('lists contacts highest score first, those without a score last', () => {
    expect(contactRows(demoPortal().page().view)).toEqual([
      'ada@acme.test',
      'dee@acme.test',
      'cy@acme.test',
      'bob@globex.test',
      'new@acme.test',
    ])
  })

  it('sorts by another column when asked, either way', () => {
    const { view } = demoPortal().page({ 'contacts.sort': 'email', 'contacts.dir': 'asc' })
    expect(contactRows(view)?.slice(0, 2)).toEqual(['ada@acme.test', 'bob@globex.test'])
  })

  it('counts the contacts of each label at the top, highest label first', () => {
    const { view, html } = demoPortal().page()
    expect(view.labels.map((l) => [l.label, l.count])).toEqual([
      ['hot', 2],
      ['warm', 1],
      ['cold', 1],
    ])
    expect(html.indexOf('>hot<')).toBeLessThan(html.indexOf('<h2>Contacts'))
  })

  it('heads columns with the labels HubSpot shows, not internal names', () => {
    const { html } = demoPortal().page()
    const head = html.slice(html.indexOf('<h2>Contacts'), html.indexOf('</thead>'))
    expect(head).toContain('Lead Score ▼')
    expect(head).toContain('Lead Score (label)')
    expect(head).toContain('Lead Score (reasons)')
    expect(head.replace(/<[^>]*>/g, ' ')).not.toContain('lead_score')
    expect(html).toContain('<dt>Has completed onboarding</dt><dd>Yes</dd>')
  })

  it("shows a contact's company by its name", () => {
    const { view } = demoPortal().page()
    const row = view.sections.find((s) => s.type === 'contacts')?.rows[0]
    expect(row?.cells[1]?.text).toBe('Acme Inc.')
    expect(demoPortal().page().html).not.toContain('companies 201')
  })

  it('filters by any text, associated company names included, and by label', () => {
    expect(contactRows(demoPortal().page({ q: 'globex' }).view)).toEqual(['bob@globex.test'])
    expect(contactRows(demoPortal().page({ q: 'ACME INC' }).view)).toEqual(['ada@acme.test'])
    expect(contactRows(demoPortal().page({ label: 'hot' }).view)).toEqual(['ada@acme.test', 'dee@acme.test'])
    expect(demoPortal().page({ q: 'globex' }).html).toContain('(1 of 5 match)')
  })

  it('breaks long text between words, never inside one', () => {
    const { html } = demoPortal().page()
    expect(html).not.toContain('break-all')
    expect(html).toContain('overflow-wrap:break-word')
  })

  it('escapes every value, name and query it shows', () => {
    const evil = '"><script>alert(1)</script>'
    const hostile = record('301', {
      email: `x${evil}@evil.test`,
      firstname: evil,
      lead_score: '50',
      lead_score_label: evil,
      lead_score_reasons: evil,
    })
    const p = portal([hostile], [record('401', { name: evil, plan_type: evil })])
    p.associations.add('contacts', '301', 'companies', '401', [{ category: 'HUBSPOT_DEFINED', typeId: 279 }])
    const { html } = p.page({ q: evil, label: evil, 'contacts.sort': evil })
    expect(html).not.toContain('<script>')
    expect(html).not.toContain(evil)
    expect(html).toContain(escapeHtml(evil))
  })
})

describe('escapeHtml', () => {
  it('escapes the characters that could open markup or end an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    )
  })
})
