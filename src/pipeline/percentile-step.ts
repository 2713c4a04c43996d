import type { CompiledModel, CompiledScore, Cutoffs, PercentileTiers } from '../scoring/compiled-model.ts'
import { cutoffsMoved, percentileLabel, toHundredths, withCutoffs } from '../scoring/percentile-labels.ts'
import type { ScoreCause } from '../scoring/score-result.ts'
import type { EntityKind, Store } from '../storage/store.ts'
import { rescore } from './rescore.ts'
import { cutoffsFor, readStoredCutoffs, type StoredCutoffs, writeStoredCutoffs } from './stored-cutoffs.ts'
import { emptyWorkingSet, loadCompanies, loadContacts } from './working-set.ts'

export interface PercentileStepOptions {
  store: Store
  /** The model as compiled; the step gives the processor the same model with the cut-offs in force. */
  model: CompiledModel
  /** How often the cut-offs are worked out again, in ms. */
  intervalMs: number
  /** Entities looked at per page, and so at most re-labelled per commit. */
  pageSize: number
  /** Called after every commit that changed CRM records. */
  onCommitted?: ((changes: { outbox: number }) => void) | undefined
}

export interface PercentileStep {
  /** The model with the cut-offs in force: the processor scores events and time with it. */
  model(): CompiledModel
  /** Reads the cut-offs stored by the last run; the first calibration is then due at once. */
  load(): Promise<void>
  /** When the next calibration is due, epoch ms; null when the model has no percentile labels. */
  nextAtMs(): number | null
  /**
   * When due: works out every percentile score's cut-offs from the stored scores, re-labels the subjects whose label
   * changes with them (history cause `time`, or `model` for the first one after a model change), and stores the
   * cut-offs. Undefined when not due; else how many contacts and companies were re-labelled.
   */
  run(nowMs: number): Promise<{ contacts: number; companies: number } | undefined>
}

type PercentileScore = CompiledScore & { percentiles: PercentileTiers }

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Labels by rank: each percentile score's cut-offs come from the current distribution of its values over every
 * subject that has it. They are worked out at start and then every `intervalMs`; in between, a subject scored by an
 * event or by time is labelled against the cut-offs in force. When a cut-off moves, only the subjects whose label
 * changes are re-scored — those whose value lies between the old and the new cut-off — found by comparing each
 * stored label with the label its value now earns. That comparison also repairs labels after a crash or a model
 * change, so the first calibration after start looks at every subject.
 */
export function createPercentileStep(options: PercentileStepOptions): PercentileStep {
  const { store, model, intervalMs, pageSize } = options
  const scores = [...model.contactScores, ...model.companyScores].filter(
    (score): score is PercentileScore => score.percentiles !== undefined,
  )
  let stored: StoredCutoffs | undefined
  let current = model
  let nextAtMs: number | null = null
  /** Whether the next calibration looks at every subject, moved or not: at start, and after one that failed. */
  let checkAll = true

  async function rank(score: PercentileScore): Promise<StoredCutoffs['scores'][string]> {
    const { tiers } = score.percentiles
    const found = await store.scoreCutoffs(
      score.subject,
      score.name,
      tiers.map((tier) => tier.topPercent),
    )
    const cutoffs: Record<string, number> = {}
    tiers.forEach((tier, index) => {
      const value = found.values[index]
      if (value !== undefined) cutoffs[tier.label] = toHundredths(value)
    })
    return { subjects: found.subjects, cutoffs }
  }

  async function rescoreEntities(kind: EntityKind, ids: string[], cause: ScoreCause, nowMs: number) {
    const ws = emptyWorkingSet()
    if (kind === 'contact') await loadContacts(store, ws, ids)
    else await loadCompanies(store, ws, ids)
    for (const id of ids) (kind === 'contact' ? ws.touchedContacts : ws.touchedCompanies).add(id)
    const { commit } = await rescore(store, current, ws, cause, nowMs)
    await store.commit(commit)
    if (commit.outbox.length > 0) options.onCommitted?.({ outbox: commit.outbox.length })
  }

  /** Re-scores, page by page, the subjects whose stored label is not the one their value earns with `cutoffs`. */
  async function relabel(score: PercentileScore, cutoffs: Cutoffs, cause: ScoreCause, nowMs: number) {
    let relabelled = 0
    for (let after: string | null = ''; after !== null; ) {
      const page = await store.scoreLabels(score.subject, score.name, after, pageSize)
      const wrong = page.entries
        .filter((entry) => entry.label !== percentileLabel(score.percentiles, cutoffs, entry.value))
        .map((entry) => entry.id)
      if (wrong.length > 0) await rescoreEntities(score.subject, wrong, cause, nowMs)
      relabelled += wrong.length
      after = page.nextAfterId
      // The pages go on between two processing steps: HTTP requests get their turn in between.
      await yieldToIo()
    }
    return relabelled
  }

  return {
    model: () => current,
    async load() {
      stored = await readStoredCutoffs(store)
      current = withCutoffs(model, cutoffsFor(model, stored))
      nextAtMs = scores.length === 0 ? null : 0
      checkAll = true
    },
    nextAtMs: () => nextAtMs,
    async run(nowMs) {
      if (nextAtMs === null || nowMs < nextAtMs) return undefined
      const fresh: StoredCutoffs = { modelVersion: model.version, atMs: nowMs, scores: {} }
      for (const score of scores) fresh.scores[score.name] = await rank(score)
      // Labels that move in the first calibration after a model change are the model change's doing.
      const cause: ScoreCause = stored?.modelVersion === model.version ? 'time' : 'model'
      const before = cutoffsFor(model, stored)
      current = withCutoffs(model, cutoffsFor(model, fresh))
      const counts = { contacts: 0, companies: 0 }
      try {
        for (const score of scores) {
          const cutoffs = current.percentileCutoffs[score.name] ?? {}
          if (!checkAll && !cutoffsMoved(before[score.name], cutoffs)) continue
          counts[score.subject === 'contact' ? 'contacts' : 'companies'] += await relabel(score, cutoffs, cause, nowMs)
        }
        // Stored once every label is right: after a crash half-way, the next start looks at every subject again.
        await writeStoredCutoffs(store, fresh)
      } catch (error) {
        checkAll = true
        throw error
      }
      stored = fresh
      checkAll = false
      nextAtMs = nowMs + intervalMs
      return counts
    },
  }
}
