import type { AssociationStore } from './association-store.ts'
import type { CrmRecord } from './crm-record.ts'
import { type ObjectType, objectTypes } from './object-types.ts'

const MAX_ROWS = 500
const titles: Record<ObjectType, string> = { contacts: 'Contacts', companies: 'Companies', tasks: 'Tasks' }

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/**
 * A read-only page showing what HubSpot would show: every contact, company and task with its properties and
 * associations, the most recently changed first (at most 500 of each). It refreshes itself every 5 seconds.
 */
export function renderHtmlPage(
  recordsOf: (type: ObjectType) => CrmRecord[],
  associations: AssociationStore,
  nowMs: number,
): string {
  const sections = objectTypes.map((type) => {
    const all = recordsOf(type)
    const shown = [...all].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, MAX_ROWS)
    const rows = shown.map((record) => {
      const properties = Object.entries(record.properties)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
        .join('')
      const linked = objectTypes
        .filter((other) => other !== type)
        .flatMap((other) => associations.list(type, record.id, other).map(({ toId }) => `${other} ${toId}`))
        .map((text) => escapeHtml(text))
        .join('<br>')
      return `<tr><td>${escapeHtml(record.id)}</td><td><dl>${properties}</dl></td><td>${linked}</td></tr>`
    })
    const count = all.length > MAX_ROWS ? `${MAX_ROWS} most recent of ${all.length}` : String(all.length)
    return `<h2>${titles[type]} (${count})</h2>
<table><thead><tr><th>ID</th><th>Properties</th><th>Associated with</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`
  })
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>HubSpot simulator</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#213343}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}
th,td{border:1px solid #cbd6e2;padding:.4rem;vertical-align:top;text-align:left}
dl{display:grid;grid-template-columns:max-content auto;gap:0 1rem;margin:0}
dt{color:#516f90}dd{margin:0;word-break:break-all}
</style></head><body>
<h1>HubSpot simulator</h1>
<p>What the simulated portal holds, as of ${escapeHtml(new Date(nowMs).toISOString())}. Read-only; refreshes every 5 s.</p>
${sections.join('\n')}
</body></html>
`
}
