import { evaluateAllContacts } from '../pipeline/what-if.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import type { Store } from '../storage/store.ts'

/** How one contact score would move from one model to another. */
export interface ScoreDiff {
  score: string
  /** Contacts scored by both models. */
  compared: number
  changed: number
  up: number
  down: number
  /** The mean change of those that change, to one decimal. */
  meanChange: number
  /** Contacts that change label, by move, most frequent first (`null`: no label). */
  labelMoves: { from: string | null; to: string | null; contacts: number }[]
  /** The five largest changes. */
  largest: { id: string; from: number; to: number }[]
}

export interface ModelDiff {
  /** Contacts evaluated. */
  contacts: number
  /** The contact scores of both models. */
  scores: ScoreDiff[]
  /** Contact scores only the first model computes (removed or deactivated), and only the second. */
  onlyBefore: string[]
  onlyAfter: string[]
}

type Tally = Omit<ScoreDiff, 'meanChange' | 'labelMoves'> & {
  totalDelta: number
  moves: Map<string, ScoreDiff['labelMoves'][number]>
}

const newTally = (score: string): Tally => ({
  score,
  compared: 0,
  changed: 0,
  up: 0,
  down: 0,
  totalDelta: 0,
  largest: [],
  moves: new Map(),
})

function count(tally: Tally, id: string, before: { value: number; label: string | null }, after: typeof before) {
  tally.compared++
  const delta = after.value - before.value
  if (delta !== 0) {
    tally.changed++
    if (delta > 0) tally.up++
    else tally.down++
    tally.totalDelta += delta
    tally.largest.push({ id, from: before.value, to: after.value })
    tally.largest.sort((a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from))
    tally.largest.length = Math.min(tally.largest.length, 5)
  }
  if (before.label !== after.label) {
    const key = JSON.stringify([before.label, after.label])
    const move = tally.moves.get(key) ?? { from: before.label, to: after.label, contacts: 0 }
    move.contacts++
    tally.moves.set(key, move)
  }
}

/** How every contact's scores would change from `before` to `after` on current data, without writing anything. */
export async function diffModels(
  store: Store,
  before: CompiledModel,
  after: CompiledModel,
  nowMs: number,
): Promise<ModelDiff> {
  const old = new Map<string, Record<string, { value: number; label: string | null }>>()
  for await (const { id, evaluation } of evaluateAllContacts(store, before, nowMs)) {
    old.set(
      id,
      Object.fromEntries(Object.entries(evaluation.scores).map(([n, r]) => [n, { value: r.value, label: r.label }])),
    )
  }
  const tallies = new Map<string, Tally>()
  for await (const { id, evaluation } of evaluateAllContacts(store, after, nowMs)) {
    for (const [name, result] of Object.entries(evaluation.scores)) {
      const previous = old.get(id)?.[name]
      if (previous === undefined) continue
      const tally = tallies.get(name) ?? newTally(name)
      tallies.set(name, tally)
      count(tally, id, previous, result)
    }
  }
  const beforeNames = before.contactScores.map((s) => s.name)
  const afterNames = after.contactScores.map((s) => s.name)
  return {
    contacts: old.size,
    scores: [...tallies.values()].map(({ totalDelta, moves, ...tally }) => ({
      ...tally,
      meanChange: tally.changed === 0 ? 0 : Math.round((totalDelta / tally.changed) * 10) / 10,
      labelMoves: [...moves.values()].sort((a, b) => b.contacts - a.contacts),
    })),
    onlyBefore: beforeNames.filter((n) => !afterNames.includes(n)),
    onlyAfter: afterNames.filter((n) => !beforeNames.includes(n)),
  }
}
