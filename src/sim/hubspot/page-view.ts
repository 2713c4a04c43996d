import type { AssociationStore } from './association-store.ts'
import type { CrmRecord } from './crm-record.ts'
import { type ObjectType, objectTypeNames, objectTypes } from './object-types.ts'
import type { PageQuery } from './page-query.ts'
import type { PropertyDefinition } from './property-definition.ts'
import type { PropertyRegistry } from './property-registry.ts'

/** The most rows a table shows. */
export const MAX_ROWS = 500

/** What the page shows, as plain values: the renderer escapes and lays it out. */
export interface PageView {
  counts: { type: ObjectType; title: string; count: number }[]
  /** The contacts per label of their main score, highest label first (rank 0). */
  labels: { label: string; count: number; rank: number }[]
  /** The label property's label, e.g. `Lead Score (Product Usage) (label)`. */
  labelTitle: string | undefined
  sections: SectionView[]
}

export interface SectionView {
  type: ObjectType
  title: string
  /** Records of the type, and those the filter kept. */
  total: number
  matching: number
  columns: ColumnView[]
  rows: RowView[]
}

export interface ColumnView {
  title: string
  /** The property a click sorts by; undefined when the column is not sortable. */
  property: string | undefined
  sorted: 'asc' | 'desc' | undefined
  isNumber: boolean
}

export interface CellView {
  text: string
  /** A second, smaller line (a contact's name under the email). */
  detail?: string
  /** The rank of a label (0 = highest), to colour it. */
  labelRank?: number
}

export interface RowView {
  id: string
  cells: CellView[]
  /** Every property that has a value, by label. */
  properties: { label: string; value: string }[]
}

export interface PageSources {
  records: (type: ObjectType) => CrmRecord[]
  properties: PropertyRegistry
  associations: AssociationStore
}

const titles: Record<ObjectType, string> = { contacts: 'Contacts', companies: 'Companies', tasks: 'Tasks' }
/** The records a table shows in its association column. */
const linkedTypesOf: Record<ObjectType, readonly ObjectType[]> = {
  contacts: ['companies'],
  companies: ['contacts'],
  tasks: ['contacts', 'companies'],
}

/** The properties upscore (or anyone) created, in the order they were made: not HubSpot's own. */
const customProperties = (sources: PageSources, type: ObjectType) =>
  sources.properties.list(type, false).filter((p) => !p.hubspotDefined)

/** The score a table is about: a number property named like a score, one with a `_label` beside it first. */
function mainScore(sources: PageSources, type: ObjectType): PropertyDefinition | undefined {
  const custom = customProperties(sources, type)
  const scores = custom.filter((p) => p.type === 'number' && /score/i.test(p.name))
  return scores.find((p) => custom.some((q) => q.name === `${p.name}_label`)) ?? scores[0]
}

/** A value as HubSpot shows it: Yes/No, option labels, dates; numbers as they are. */
function shownValue(definition: PropertyDefinition | undefined, value: string | undefined): string {
  if (value === undefined || value === '') return ''
  if (definition === undefined) return value
  if (definition.type === 'bool') return value === 'true' ? 'Yes' : value === 'false' ? 'No' : value
  if (definition.type === 'enumeration') {
    return value
      .split(';')
      .map((v) => definition.options.find((o) => o.value === v)?.label ?? v)
      .join(', ')
  }
  if (definition.type === 'datetime' || definition.type === 'date') {
    const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
    if (Number.isNaN(ms)) return value
    const iso = new Date(ms).toISOString()
    return definition.type === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')} UTC`
  }
  return value
}

function companyName(record: CrmRecord | undefined, id: string): string {
  const p = record?.properties ?? {}
  return p.name || p.domain || p.product_account_id || `Company ${id}`
}

function contactName(record: CrmRecord | undefined, id: string): string {
  const p = record?.properties ?? {}
  return p.email || [p.firstname, p.lastname].filter(Boolean).join(' ') || `Contact ${id}`
}

/** What each record is called, per type, to show associations by name rather than by id. */
function namesOf(sources: PageSources): (type: ObjectType, id: string) => string {
  const byId = new Map(objectTypes.map((type) => [type, new Map(sources.records(type).map((r) => [r.id, r]))]))
  return (type, id) => {
    const record = byId.get(type)?.get(id)
    if (type === 'companies') return companyName(record, id)
    if (type === 'contacts') return contactName(record, id)
    return record?.properties.hs_task_subject || `Task ${id}`
  }
}

/** The columns of a table beside the record's name and its associations. */
function keyColumns(sources: PageSources, type: ObjectType): PropertyDefinition[] {
  const custom = customProperties(sources, type)
  const score = mainScore(sources, type)
  if (score !== undefined) {
    const family = custom.filter((p) => p.name.startsWith(`${score.name}_`) && p.type !== 'number')
    return [score, ...family.slice(0, 2)]
  }
  if (type === 'tasks') {
    return ['hs_task_status', 'hs_timestamp'].flatMap((name) => sources.properties.get(type, name) ?? [])
  }
  return custom.slice(0, 5)
}

type Comparable = { missing: boolean; number: number; text: string }

function sortKey(definition: PropertyDefinition | undefined, value: string | undefined): Comparable {
  if (value === undefined || value === '') return { missing: true, number: 0, text: '' }
  const number = definition?.type === 'number' ? Number(value) : Number.NaN
  return { missing: false, number, text: value.toLowerCase() }
}

/** Orders records by a property; records without a value come last whichever the direction. */
function sortRecords(records: CrmRecord[], definition: PropertyDefinition | undefined, name: string, desc: boolean) {
  const keyed = records.map((record) => ({ record, key: sortKey(definition, record.properties[name]) }))
  keyed.sort((a, b) => {
    if (a.key.missing !== b.key.missing) return a.key.missing ? 1 : -1
    const byNumber = Number.isNaN(a.key.number) || Number.isNaN(b.key.number) ? 0 : a.key.number - b.key.number
    const order = byNumber !== 0 ? byNumber : a.key.text.localeCompare(b.key.text)
    return desc ? -order : order
  })
  return keyed.map((k) => k.record)
}

/** The page's sort of a table: the one asked for, else the main score highest first, else by name. */
function sortOf(sources: PageSources, type: ObjectType, query: PageQuery) {
  const asked = query.sort[type]
  if (asked !== undefined) return asked
  const score = mainScore(sources, type)
  if (score !== undefined) return { property: score.name, descending: true }
  const byName: Record<ObjectType, string> = { contacts: 'email', companies: 'name', tasks: 'hs_timestamp' }
  return { property: byName[type], descending: false }
}

/**
 * The page as values: counts, the contacts per label of their main score, and a table per object type with the
 * record's name, its associations by name, the score columns (labels as HubSpot shows them), filtered and sorted.
 */
export function buildPageView(sources: PageSources, query: PageQuery): PageView {
  const nameOf = namesOf(sources)
  const contactScore = mainScore(sources, 'contacts')
  const labelProperty =
    contactScore === undefined ? undefined : sources.properties.get('contacts', `${contactScore.name}_label`)
  const labels = labelRanks(sources.records('contacts'), contactScore, labelProperty)
  const rankOf = new Map(labels.map((l) => [l.label, l.rank]))
  const needle = query.text.toLowerCase()

  const sections = objectTypes.map((type): SectionView => {
    const all = sources.records(type)
    const linked = (record: CrmRecord) =>
      linkedTypesOf[type].flatMap((other) =>
        sources.associations.list(type, record.id, other).map(({ toId }) => nameOf(other, toId)),
      )
    const matches = (record: CrmRecord) => {
      if (type === 'contacts' && query.label !== '' && labelProperty !== undefined) {
        if (record.properties[labelProperty.name] !== query.label) return false
      }
      if (needle === '') return true
      const texts = [...Object.values(record.properties), ...linked(record)]
      return texts.some((text) => text.toLowerCase().includes(needle))
    }
    const kept = all.filter(matches)
    const sort = sortOf(sources, type, query)
    const sortDefinition = sources.properties.find(type, sort.property)
    const ordered = sortRecords(kept, sortDefinition, sort.property, sort.descending).slice(0, MAX_ROWS)
    const columns = keyColumns(sources, type)
    const nameProperty = type === 'contacts' ? 'email' : type === 'companies' ? 'name' : 'hs_task_subject'
    const column = (title: string, property: string | undefined, isNumber = false): ColumnView => ({
      title,
      property,
      isNumber,
      sorted: property === sort.property ? (sort.descending ? 'desc' : 'asc') : undefined,
    })
    const linkTitle = type === 'contacts' ? 'Company' : type === 'companies' ? 'Contacts' : 'Associated with'
    return {
      type,
      title: titles[type],
      total: all.length,
      matching: kept.length,
      columns: [
        column(objectTypeNames[type], nameProperty),
        column(linkTitle, undefined),
        ...columns.map((p) => column(p.label, p.name, p.type === 'number')),
      ],
      rows: ordered.map((record): RowView => {
        const names = linked(record)
        const linkText =
          type === 'companies' ? `${names.length} contact${names.length === 1 ? '' : 's'}` : names.join(', ')
        const first: CellView =
          type === 'contacts'
            ? withDetail(contactName(record, record.id), [record.properties.firstname, record.properties.lastname])
            : { text: nameOf(type, record.id) }
        return {
          id: record.id,
          cells: [
            first,
            { text: linkText },
            ...columns.map((p): CellView => {
              const text = shownValue(p, record.properties[p.name])
              const rank = p === labelProperty ? rankOf.get(text) : undefined
              return rank === undefined ? { text } : { text, labelRank: rank }
            }),
          ],
          properties: propertiesOf(sources, type, record),
        }
      }),
    }
  })
  return {
    counts: sections.map((s) => ({ type: s.type, title: s.title, count: s.total })),
    labels,
    labelTitle: labelProperty?.label,
    sections,
  }
}

function withDetail(text: string, parts: (string | undefined)[]): CellView {
  const detail = parts.filter((part) => part !== undefined && part !== '').join(' ')
  return detail === '' || detail === text ? { text } : { text, detail }
}

/** Every property of a record that has a value, by label: the custom ones first, then HubSpot's, by label. */
function propertiesOf(sources: PageSources, type: ObjectType, record: CrmRecord): RowView['properties'] {
  const custom = new Map(customProperties(sources, type).map((p, index) => [p.name, index]))
  return Object.entries(record.properties)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => {
      const definition = sources.properties.find(type, name)
      return { name, label: definition?.label ?? name, value: shownValue(definition, value) }
    })
    .sort((a, b) => (custom.get(a.name) ?? 1e9) - (custom.get(b.name) ?? 1e9) || a.label.localeCompare(b.label))
    .map(({ label, value }) => ({ label, value }))
}

/** The labels of the main score with how many contacts have each, highest first (by their mean score). */
function labelRanks(
  contacts: readonly CrmRecord[],
  score: PropertyDefinition | undefined,
  label: PropertyDefinition | undefined,
): PageView['labels'] {
  if (score === undefined || label === undefined) return []
  const tally = new Map<string, { count: number; sum: number }>()
  for (const contact of contacts) {
    const value = contact.properties[label.name]
    if (value === undefined || value === '') continue
    const entry = tally.get(value) ?? { count: 0, sum: 0 }
    entry.count += 1
    entry.sum += Number(contact.properties[score.name] ?? 0) || 0
    tally.set(value, entry)
  }
  return [...tally]
    .sort(([, a], [, b]) => b.sum / b.count - a.sum / a.count)
    .map(([name, { count }], rank) => ({ label: name, count, rank }))
}
