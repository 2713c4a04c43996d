import type { ResultRow } from './bench-report.ts'

const statusOf = (row: ResultRow): string =>
  row.target === undefined ? '' : row.met === true ? 'met' : row.met === false ? 'MISSED' : 'not measured'

const resultText = (row: ResultRow): string =>
  row.value === null ? '—' : `${row.value.toLocaleString('en')} ${row.unit}`

/** The results as a plain-text table; the note goes last, unpadded, since it is the longest. */
export function formatResultTable(rows: readonly ResultRow[]): string {
  const header = ['benchmark', 'measure', 'result', 'target', 'status', 'note']
  const cells = rows.map((row) => [
    row.benchmark,
    row.measure,
    resultText(row),
    row.target === undefined ? '' : `${row.target} ${row.unit}`,
    statusOf(row),
    row.note ?? '',
  ])
  const widths = header.map((title, column) =>
    column === header.length - 1 ? 0 : Math.max(title.length, ...cells.map((line) => (line[column] ?? '').length)),
  )
  const format = (line: readonly string[]) =>
    line
      .map((cell, column) => (column === line.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd()
  const rule = widths.map((width) => '-'.repeat(width || 4)).join('  ')
  return [format(header), rule, ...cells.map(format)].join('\n')
}
