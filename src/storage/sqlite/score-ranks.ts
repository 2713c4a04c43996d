import type { Database, Statement } from 'better-sqlite3'
import { cutoffRank } from '../../scoring/percentile-labels.ts'
import type { EntityKind, Store } from '../store.ts'

const tableOf = (kind: EntityKind) => (kind === 'contact' ? 'contacts' : 'companies')

/** The JSON path of a field of one score in the `scores` column; the name is quoted, whatever it holds. */
const scorePath = (score: string, field: 'value' | 'label') => `$.${JSON.stringify(score)}.${field}`

/** One score's values, a page of rows at a time in rowid order, with where the page ends. */
const valuesSql = (table: string) => `
  SELECT rowid AS at, json_extract(scores, @path) AS value FROM ${table} WHERE rowid > @after ORDER BY rowid LIMIT @limit`

/** Rows read per statement while collecting a score's values: the event loop gets a turn between pages. */
const VALUES_PAGE = 20_000

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve))

const labelsSql = (table: string) => `
  SELECT id, json_extract(scores, @valuePath) AS value, json_extract(scores, @labelPath) AS label
  FROM ${table} WHERE id > @after ORDER BY id LIMIT @limit`

/**
 * The embedded store's reads of score ranks. Both read the `scores` JSON of every row they pass (there is no index
 * on a score's value), in pages, so that HTTP requests are served in between: the cut-offs collect one score's
 * values over the whole table (8 bytes each) and sort them once; labels are read in pages by the caller. Only the
 * processor writes scores, and it waits for the cut-offs, so the pages see one state.
 */
export function scoreRankQueries(db: Database): Pick<Store, 'scoreCutoffs' | 'scoreLabels'> {
  const statements = new Map<string, Statement>()
  const prepared = (key: string, sql: string) => {
    let statement = statements.get(key)
    if (statement === undefined) {
      statement = db.prepare(sql)
      statements.set(key, statement)
    }
    return statement
  }
  return {
    async scoreCutoffs(kind, score, topPercents) {
      if (topPercents.length === 0) return { subjects: 0, values: [] }
      const table = tableOf(kind)
      const statement = prepared(`values:${table}`, valuesSql(table)).raw(true)
      const path = scorePath(score, 'value')
      let values = new Float64Array(VALUES_PAGE)
      let subjects = 0
      let after = 0
      for (;;) {
        const rows = statement.all({ path, after, limit: VALUES_PAGE }) as [number, unknown][]
        for (const [, value] of rows) {
          if (typeof value !== 'number') continue
          if (subjects === values.length) {
            const larger = new Float64Array(values.length * 2)
            larger.set(values)
            values = larger
          }
          values[subjects++] = value
        }
        const last = rows[rows.length - 1]
        if (last === undefined || rows.length < VALUES_PAGE) break
        after = last[0]
        await yieldToIo()
      }
      if (subjects === 0) return { subjects: 0, values: [] }
      // Ascending: the value of rank r (1 = highest) is at subjects − r.
      const sorted = values.subarray(0, subjects).sort()
      return { subjects, values: topPercents.map((top) => sorted[subjects - cutoffRank(top, subjects)] as number) }
    },

    async scoreLabels(kind, score, afterId, limit) {
      const table = tableOf(kind)
      const rows = prepared(`labels:${table}`, labelsSql(table)).all({
        valuePath: scorePath(score, 'value'),
        labelPath: scorePath(score, 'label'),
        after: afterId,
        limit,
      }) as { id: string; value: number | null; label: string | null }[]
      const entries = rows.flatMap((row) =>
        row.value === null ? [] : [{ id: row.id, value: row.value, label: row.label }],
      )
      return { entries, nextAfterId: rows.length < limit ? null : (rows[rows.length - 1]?.id ?? null) }
    },
  }
}
