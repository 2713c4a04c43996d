import { join } from 'node:path'
import { loadModel } from '../src/load-model.ts'
import { createProcessor } from '../src/pipeline/processor.ts'
import { type EntityState, toEntityState } from '../src/properties/entity-state.ts'
import type { PropertyValue } from '../src/properties/property-value.ts'
import type { CompiledModel } from '../src/scoring/compiled-model.ts'
import { evaluateContact } from '../src/scoring/evaluate-entity.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import { type BenchmarkReport, type BenchOptions, targetRow } from './bench-report.ts'
import { type LogShape, prefillLog } from './prefill-log.ts'
import { userIdOf } from './segment-traffic.ts'
import { median, round } from './stats.ts'
import { createTempDir } from './temp-dir.ts'

const DAY_MS = 86_400_000

interface Subject {
  /** The contact's state as stored (JSON text), for the round-trip measure. */
  storedState: string
  state: EntityState
  companyValues: Record<string, PropertyValue>
}

/** Real contact states: a small log processed by the real processor, read back from the store. */
async function loadSubjects(shape: LogShape, nowMs: number): Promise<Subject[]> {
  const dir = createTempDir('evaluation')
  try {
    const store = openSqliteStore({ path: join(dir.path, 'upscore.db'), durableFsync: false })
    await prefillLog(store, shape, nowMs)
    const processor = createProcessor({ store, model: loadModel(undefined), now: () => nowMs })
    await processor.start()
    await processor.idle()
    await processor.stop()
    const contacts = await store.loadContacts(Array.from({ length: shape.users }, (_, n) => userIdOf(n)))
    const companyIds = [...new Set(contacts.flatMap((c) => (c.companyId === undefined ? [] : [c.companyId])))]
    const companies = new Map((await store.loadCompanies(companyIds)).map((c) => [c.id, c.values]))
    await store.close()
    return contacts.map((contact) => ({
      storedState: JSON.stringify(contact.state),
      state: toEntityState(contact.state),
      companyValues: (contact.companyId === undefined ? undefined : companies.get(contact.companyId)) ?? {},
    }))
  } finally {
    dir.remove()
  }
}

/** Nanoseconds per call of `work` over the subjects: rounds of at least `roundMs`, the median of `rounds`. */
function timePerCall(subjects: readonly Subject[], work: (subject: Subject) => unknown, rounds: number): number {
  const roundMs = 500
  let sink = 0
  const runRound = () => {
    const startedAt = performance.now()
    let calls = 0
    while (performance.now() - startedAt < roundMs) {
      for (const subject of subjects) {
        if (work(subject) !== undefined) sink++
      }
      calls += subjects.length
    }
    return ((performance.now() - startedAt) * 1e6) / calls
  }
  runRound() // warm-up: let the JIT settle
  const perCall = Array.from({ length: rounds }, runRound)
  if (sink < 0) console.log(sink) // keeps the results alive
  return median(perCall)
}

/**
 * Evaluation of one contact under the default model: `evaluateContact` (every property's value at now, every rule,
 * caps, label and reasons) over real states produced by the processor, in memory. Also the same plus reading the
 * stored state (JSON.parse) and writing values, scores and state back as text (JSON.stringify): the CPU work per
 * contact of a re-score, without the database.
 */
export async function runEvaluationBench(options: BenchOptions): Promise<BenchmarkReport> {
  const nowMs = Date.now()
  const shape: LogShape = { users: 2_000, companies: 100, events: 40_000, spanMs: 6 * DAY_MS }
  options.log(`evaluation: building ${shape.users} real contact states`)
  const subjects = await loadSubjects(shape, nowMs)
  const model: CompiledModel = loadModel(undefined)
  const rounds = options.quick ? 3 : 7
  const evaluateNs = timePerCall(
    subjects,
    (s) => evaluateContact(model, s.state, s.companyValues, nowMs).nextChangeAtMs,
    rounds,
  )
  const roundTripNs = timePerCall(
    subjects,
    (s) => {
      const state = toEntityState(JSON.parse(s.storedState))
      const evaluation = evaluateContact(model, state, s.companyValues, nowMs)
      return (
        JSON.stringify(state).length +
        JSON.stringify(evaluation.values).length +
        JSON.stringify(evaluation.scores).length
      )
    },
    rounds,
  )
  options.log(`evaluation: ${round(evaluateNs / 1000, 2)} µs per contact`)
  return {
    name: 'evaluation',
    rows: [
      targetRow(
        {
          benchmark: 'evaluation',
          measure: 'evaluate one contact (default model)',
          value: round(evaluateNs / 1000, 2),
          unit: 'µs',
          note: `median of ${rounds} rounds over ${subjects.length} real states`,
        },
        { atMost: 20 },
        '≤ 20',
      ),
      {
        benchmark: 'evaluation',
        measure: 'parse state + evaluate + serialise',
        value: round(roundTripNs / 1000, 2),
        unit: 'µs',
        note: `CPU per contact of a re-score without the database: ${round(1e9 / roundTripNs / 1000)}k contacts/s on one core`,
      },
    ],
    details: { shape, subjects: subjects.length, rounds, evaluateNs, roundTripNs },
  }
}
