import type { Database, Statement } from 'better-sqlite3'
import type { EntityKind, Store } from '../store.ts'

const tableOf = (kind: EntityKind) => (kind === 'contact' ? 'contacts' : 'companies')

/** The JSON path of a field of one score in the `scores` column; the name is quoted, whatever it holds. */
const scorePath = (score: string, field: 'value' | 'label') => `$.${JSON.stringify(score)}.${field}`

/**
 * The value at each tier's rank, in one pass over the table. A rank is `ceil(top × n / 100)`, at least 1, worked out
 * in integers from the top percentage in millionths, as `cutoffRank` does.
 */
const cutoffsSql = (table: string) => `
  WITH scored AS MATERIALIZED (SELECT json_extract(scores, @path) AS value FROM ${table}),
  ranked AS (
    SELECT value, row_number() OVER (ORDER BY value DESC) AS rank, count(*) OVER () AS n
    FROM scored WHERE value IS NOT NULL
  )
  SELECT top.key AS tier, ranked.value AS value, ranked.n AS n
  FROM json_each(@tops) AS top JOIN ranked ON ranked.rank = max(1, (top.value * ranked.n + 99999999) / 100000000)`

const labelsSql = (table: string) => `
  SELECT id, json_extract(scores, @valuePath) AS value, json_extract(scores, @labelPath) AS label
  FROM ${table} WHERE id > @after ORDER BY id LIMIT @limit`

/**
 * The embedded store's reads of score ranks. Both read the `scores` JSON of every row they pass (there is no index
 * on a score's value): the cut-offs of one score take one pass over its table in one statement, which holds the
 * event loop for about a second per 200,000 rows; labels are read in pages.
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
      const rows = prepared(`cutoffs:${table}`, cutoffsSql(table)).all({
        path: scorePath(score, 'value'),
        tops: JSON.stringify(topPercents.map((top) => Math.round(top * 1_000_000))),
      }) as { tier: number; value: number; n: number }[]
      if (rows.length === 0) return { subjects: 0, values: [] }
      const values = new Array<number>(topPercents.length)
      for (const row of rows) values[row.tier] = row.value
      return { subjects: rows[0]?.n ?? 0, values }
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
