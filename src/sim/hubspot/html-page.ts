import { type PageQuery, pageHref } from './page-query.ts'
import { MAX_ROWS, type PageView, type SectionView } from './page-view.ts'

/** Text as HTML text or attribute value: nothing in it can open markup or end an attribute. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

const n = (value: number) => value.toLocaleString('en-US')

/** Label colours by rank, highest label first (HubSpot's orange, amber, then calmer ones). */
const LABEL_CLASSES = ['l0', 'l1', 'l2', 'l3'] as const
const labelClass = (rank: number) => LABEL_CLASSES[Math.min(rank, LABEL_CLASSES.length - 1)] ?? 'l3'

const STYLE = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#33475b;background:#f5f8fa}
header{background:#2d3e50;color:#fff;padding:.9rem 2rem;display:flex;gap:1.5rem;align-items:baseline;flex-wrap:wrap}
header h1{font-size:1.15rem;margin:0}header p{margin:0;color:#cbd6e2;font-size:.85rem}
main{padding:1.25rem 2rem 3rem}
.cards{display:flex;gap:.75rem;flex-wrap:wrap;margin-bottom:1rem}
.card{background:#fff;border:1px solid #dfe3eb;border-radius:6px;padding:.6rem 1rem;min-width:8rem}
.card b{display:block;font-size:1.4rem;color:#2d3e50}.card span{color:#516f90;font-size:.85rem}
.card a{color:inherit;text-decoration:none}.card.on{outline:2px solid #0091ae}
form{display:flex;gap:.5rem;margin:0 0 1.25rem}
input[type=search]{flex:0 1 24rem;padding:.45rem .6rem;border:1px solid #cbd6e2;border-radius:4px;font:inherit}
button,.clear{padding:.45rem .9rem;border-radius:4px;border:1px solid #0091ae;background:#0091ae;color:#fff;font:inherit;cursor:pointer;text-decoration:none}
.clear{background:#fff;color:#0091ae}
h2{font-size:1rem;margin:1.5rem 0 .5rem;color:#2d3e50}h2 small{font-weight:normal;color:#516f90}
.table{overflow-x:auto;background:#fff;border:1px solid #dfe3eb;border-radius:6px}
table{border-collapse:collapse;width:100%}
th,td{padding:.45rem .7rem;text-align:left;vertical-align:top;border-bottom:1px solid #eaf0f6;overflow-wrap:break-word}
th{background:#f5f8fa;font-size:.8rem;text-transform:uppercase;letter-spacing:.02em;color:#516f90;white-space:nowrap}
th a{color:inherit;text-decoration:none}th a:hover{text-decoration:underline}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.wide{min-width:18rem;max-width:40rem;color:#425b76}
td small{display:block;color:#7c98b6}
.badge{display:inline-block;padding:.05rem .55rem;border-radius:1rem;font-size:.8rem;font-weight:600}
.l0{background:#ffdbd4;color:#b93b1d}.l1{background:#fef0d0;color:#8a5a00}.l2{background:#d6eff7;color:#00657a}.l3{background:#eaf0f6;color:#516f90}
details summary{cursor:pointer;color:#0091ae;white-space:nowrap}
dl{display:grid;grid-template-columns:max-content minmax(12rem,32rem);gap:.15rem 1rem;margin:.5rem 0 0}
dt{color:#516f90}dd{margin:0;overflow-wrap:break-word}
.empty{padding:1rem;color:#7c98b6}
`

function sectionHtml(section: SectionView, query: PageQuery): string {
  const filtered = section.matching !== section.total
  const shown = Math.min(section.matching, MAX_ROWS)
  const count = filtered
    ? `${n(section.matching)} of ${n(section.total)} match`
    : section.matching > MAX_ROWS
      ? `${n(shown)} of ${n(section.total)}`
      : n(section.total)
  const head = section.columns.map((column) => {
    const cls = column.isNumber ? ' class="num"' : ''
    if (column.property === undefined) return `<th${cls}>${escapeHtml(column.title)}</th>`
    const nextDir =
      column.sorted === 'desc' ? 'asc' : column.sorted === 'asc' ? 'desc' : column.isNumber ? 'desc' : 'asc'
    const href = pageHref(query, { [`${section.type}.sort`]: column.property, [`${section.type}.dir`]: nextDir })
    const arrow = column.sorted === 'desc' ? ' ▼' : column.sorted === 'asc' ? ' ▲' : ''
    return `<th${cls}><a href="${escapeHtml(href)}">${escapeHtml(column.title)}${arrow}</a></th>`
  })
  const rows = section.rows.map((row) => {
    const cells = row.cells.map((cell, index) => {
      const column = section.columns[index]
      const classes = [column?.isNumber === true ? 'num' : '', cell.text.length > 60 ? 'wide' : ''].filter(Boolean)
      const cls = classes.length === 0 ? '' : ` class="${classes.join(' ')}"`
      const text =
        cell.labelRank === undefined
          ? escapeHtml(cell.text)
          : `<span class="badge ${labelClass(cell.labelRank)}">${escapeHtml(cell.text)}</span>`
      const detail = cell.detail === undefined ? '' : `<small>${escapeHtml(cell.detail)}</small>`
      return `<td${cls}>${index === 0 ? `<b>${text}</b>` : text}${detail}</td>`
    })
    const properties = row.properties
      .map(({ label, value }) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
      .join('')
    const details = `<details><summary>${row.properties.length} properties</summary><dl><dt>Record ID</dt><dd>${escapeHtml(row.id)}</dd>${properties}</dl></details>`
    return `<tr>${cells.join('')}<td>${details}</td></tr>`
  })
  const body =
    rows.length === 0
      ? `<tr><td class="empty" colspan="${section.columns.length + 1}">${filtered ? 'No record matches.' : 'None yet.'}</td></tr>`
      : rows.join('\n')
  return `<h2>${escapeHtml(section.title)} <small>(${count})</small></h2>
<div class="table"><table><thead><tr>${head.join('')}<th>All properties</th></tr></thead>
<tbody>${body}</tbody></table></div>`
}

/**
 * A read-only page of what the simulated portal holds, as HubSpot would show it: contacts highest score first with
 * their company by name, how many contacts have each label, property labels rather than internal names, a filter,
 * and sortable columns. Every value is escaped (they come from whoever wrote to the simulator). Refreshes every 5 s.
 */
export function renderHtmlPage(view: PageView, query: PageQuery, nowMs: number): string {
  const counts = view.counts
    .filter((c) => c.count > 0 || c.type !== 'tasks')
    .map((c) => `<div class="card"><b>${n(c.count)}</b><span>${escapeHtml(c.title)}</span></div>`)
  const labels = view.labels.map((l) => {
    const on = query.label === l.label
    const href = pageHref(query, { label: on ? '' : l.label })
    return `<div class="card${on ? ' on' : ''}"><a href="${escapeHtml(href)}" title="${escapeHtml(view.labelTitle ?? '')}"><b>${n(l.count)}</b><span class="badge ${labelClass(l.rank)}">${escapeHtml(l.label)}</span></a></div>`
  })
  const filtering = query.text !== '' || query.label !== ''
  const clear = filtering
    ? `<a class="clear" href="${escapeHtml(pageHref(query, { q: '', label: '' }))}">Clear</a>`
    : ''
  const keep = Object.entries(query.sort)
    .flatMap(([type, sort]) => [
      `<input type="hidden" name="${escapeHtml(`${type}.sort`)}" value="${escapeHtml(sort.property)}">`,
      `<input type="hidden" name="${escapeHtml(`${type}.dir`)}" value="${sort.descending ? 'desc' : 'asc'}">`,
    ])
    .concat(query.label === '' ? [] : [`<input type="hidden" name="label" value="${escapeHtml(query.label)}">`])
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>HubSpot simulator</title>
<style>${STYLE}</style></head><body>
<header><h1>HubSpot simulator</h1><p>What the simulated portal holds, as of ${escapeHtml(new Date(nowMs).toISOString().slice(0, 19).replace('T', ' '))} UTC. Read-only; refreshes every 5 s.</p></header>
<main>
<div class="cards">${counts.join('')}${labels.join('')}</div>
<form method="get" action="/">${keep}<input type="search" name="q" value="${escapeHtml(query.text)}" placeholder="Filter by email, company, label, any value…" aria-label="Filter"><button type="submit">Filter</button>${clear}</form>
${view.sections
  .filter((s) => s.total > 0 || s.type !== 'tasks')
  .map((s) => sectionHtml(s, query))
  .join('\n')}
</main>
</body></html>
`
}
