import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkModelText, defaultModelPath, loadModel } from '../src/load-model.ts'
import { applyModelChange, type ModelChangeReport } from '../src/pipeline/apply-model.ts'
import { createProcessor } from '../src/pipeline/processor.ts'
import type { CompanyRecord, ContactRecord } from '../src/storage/records.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import type { Store } from '../src/storage/store.ts'
import { type BenchmarkReport, type BenchOptions, targetRow } from './bench-report.ts'
import { startChild } from './child-process.ts'
import { prefillLog } from './prefill-log.ts'
import { round } from './stats.ts'
import { createTempDir } from './temp-dir.ts'

const DAY_MS = 86_400_000
const emptyCommit = { deletedContactIds: [], identities: [], history: [], outbox: [] }

/** Real states from a processed log, copied to `contacts` contacts in `companies` companies. */
async function populate(store: Store, contacts: number, companies: number, log: (line: string) => void): Promise<void> {
  await prefillLog(store, { users: 2_000, companies: 100, events: 20_000, spanMs: 6 * DAY_MS }, Date.now())
  const processor = createProcessor({ store, model: loadModel(undefined), now: Date.now })
  await processor.start()
  await processor.idle()
  await processor.stop()
  const templates = (await store.loadContacts(await store.listEntityIds('contact', '', 2_000))).filter(
    (c) => c.companyId !== undefined,
  )
  const companyTemplates = await store.loadCompanies(await store.listEntityIds('company', '', 100))
  const fakeCompanies: CompanyRecord[] = []
  for (let i = 0; i < companies; i++) {
    const template = companyTemplates[i % companyTemplates.length] as CompanyRecord
    fakeCompanies.push({ ...template, id: `bench-co-${i}`, name: `Company ${i}` })
  }
  await store.commit({ ...emptyCommit, contacts: [], companies: fakeCompanies })
  for (let start = 0; start < contacts; start += 10_000) {
    const chunk: ContactRecord[] = []
    for (let i = start; i < Math.min(contacts, start + 10_000); i++) {
      const template = templates[i % templates.length] as ContactRecord
      chunk.push({
        ...template,
        id: `bench-u-${i}`,
        userId: `bench-u-${i}`,
        email: `u${i}@rescore.test`,
        companyId: `bench-co-${i % companies}`,
      })
    }
    await store.commit({ ...emptyCommit, contacts: chunk, companies: [] })
    if ((start / 10_000) % 20 === 0) log(`rescore: ${start + chunk.length} of ${contacts} contacts written`)
  }
}

/**
 * Full re-score after a model change (issue 3): N contacts (real states copied from a processed log) in the
 * embedded store, then `serve`'s start-up path for a changed model — the trial plan worth 12 points instead of
 * 10, so no property is rebuilt and every trial contact's score moves — timed from start to end, with the peak
 * memory of the process.
 */
export async function runRescoreBench(options: BenchOptions): Promise<BenchmarkReport> {
  const contacts = options.quick ? 100_000 : 1_000_000
  const companies = contacts / 100
  const dir = createTempDir('rescore')
  try {
    const store = openSqliteStore({ path: join(dir.path, 'upscore.db'), durableFsync: false })
    options.log(`rescore: writing ${contacts} contacts in ${companies} companies`)
    await populate(store, contacts, companies, options.log)
    const text = readFileSync(defaultModelPath, 'utf8').replace(
      'when: company.plan_type == "trial"\n        points: 10',
      'when: company.plan_type == "trial"\n        points: 12',
    )
    const checked = checkModelText(text, 'changed.yaml')
    if (!checked.ok) throw new Error('the changed model does not compile')
    // The state the service would have after a start with the default model: nothing left to rebuild.
    await applyModelChange(store, loadModel(undefined), Date.now, () => {})
    await store.close()
    // The re-score runs in a process of its own, as `serve` would start, so that its peak memory is its own.
    const child = await startChild('model-change.ts', { BENCH_DATA_DIR: dir.path })
    const { seconds, report, peakRssMb } = await child
      .call<{ seconds: number; report: ModelChangeReport; peakRssMb: number }>('applyModel', { text })
      .finally(() => child.stop())
    const reopened = openSqliteStore({ path: join(dir.path, 'upscore.db'), durableFsync: false })
    const history = (await reopened.history('contact', 'bench-u-0')).filter((h) => h.cause === 'model').length
    await reopened.close()
    return {
      name: 'rescore',
      rows: [
        targetRow(
          {
            benchmark: 'rescore',
            measure: `full re-score of ${contacts.toLocaleString('en-US')} contacts`,
            value: round(seconds, 1),
            unit: 's',
            note: `${report.companies} companies and ${report.contacts} contacts after a change of points; ${round(report.contacts / seconds)} contacts/s`,
          },
          { atMost: (60 * contacts) / 1_000_000 },
          `≤ ${(60 * contacts) / 1_000_000}`,
        ),
        {
          benchmark: 'rescore',
          measure: 'peak memory (RSS) during the re-score',
          value: peakRssMb,
          unit: 'MB',
          note: `the re-scoring process (both threads, SQLite caches included); contact bench-u-0 has ${history} history row(s) with cause "model"`,
        },
      ],
      details: { contacts, companies, seconds, peakRssMb, report },
    }
  } finally {
    dir.remove()
  }
}
