import type { ModelDiff } from './model-diff.ts'

const signed = (points: number) => (points > 0 ? `+${points}` : points < 0 ? `−${Math.abs(points)}` : '0')

/** Prints how contacts' scores and labels change between two models, score by score (after a heading line). */
export function printModelDiff(diff: ModelDiff, print: (line: string) => void): void {
  if (diff.scores.length === 0) print('no score is in both models')
  for (const score of diff.scores) {
    const relabelled = score.labelMoves.reduce((sum, move) => sum + move.contacts, 0)
    print('')
    print(
      `${score.score}: ${score.changed} of ${score.compared} contacts change (${score.up} up, ${score.down} down, mean change ${signed(score.meanChange)})`,
    )
    print(`  ${relabelled} change label${relabelled === 0 ? '' : ':'}`)
    for (const move of score.labelMoves) print(`    ${move.from ?? '—'} → ${move.to ?? '—'}: ${move.contacts}`)
    if (score.largest.length > 0) {
      print(`  largest changes: ${score.largest.map((l) => `${l.id} ${l.from} → ${l.to}`).join(', ')}`)
    }
  }
  if (diff.onlyBefore.length > 0) print(`only in the model in use: ${diff.onlyBefore.join(', ')}`)
  if (diff.onlyAfter.length > 0) print(`only in the new model: ${diff.onlyAfter.join(', ')}`)
}
