import { isMap, isScalar, type Node, type Pair, parseDocument, type YAMLMap } from 'yaml'

/** A draft's new text, or why the edit cannot be made (an error code and a message). */
export type DraftEdit =
  | { ok: true; text: string }
  | { ok: false; code: 'not_found' | 'conflict' | 'invalid_request'; message: string }

type ScorePair = Pair<Node, Node | null>

/** The YAML printer as close to the text as written as it goes: long lines are not folded. */
const keepLayout = { lineWidth: 0 } as const

/** The `scores` map of a model text and the entry of one score, with the Document so that comments survive. */
function findScore(text: string, score: string) {
  const doc = parseDocument(text)
  if (doc.errors.length > 0) return { doc, scores: undefined, pair: undefined }
  const scores = doc.get('scores', true)
  if (!isMap(scores)) return { doc, scores: undefined, pair: undefined }
  const pair = (scores as YAMLMap<Node, Node | null>).items.find(
    (item): item is ScorePair => isScalar(item.key) && String(item.key.value) === score,
  )
  return { doc, scores: scores as YAMLMap<Node, Node | null>, pair }
}

const noScore = (score: string): DraftEdit => ({
  ok: false,
  code: 'not_found',
  message: `the draft has no score "${score}"`,
})

/**
 * Copies score `score` under the name `as`, right after it, comments and all. An explicit `label` gets " (copy)" so
 * the two scores' CRM properties can be told apart. The rest of the text is left as written.
 */
export function cloneScore(text: string, score: string, as: string): DraftEdit {
  const { doc, scores, pair } = findScore(text, score)
  if (scores === undefined || pair === undefined || !isMap(pair.value)) return noScore(score)
  if (scores.has(as)) return { ok: false, code: 'conflict', message: `the draft already has a score "${as}"` }
  const copy = pair.value.clone() as YAMLMap<unknown, unknown>
  const label = copy.get('label')
  if (typeof label === 'string') copy.set('label', `${label} (copy)`)
  // The CRM names `outputs` gives are the original's: the copy writes the names derived from its own key.
  copy.delete('outputs')
  const index = scores.items.indexOf(pair)
  scores.items.splice(index + 1, 0, doc.createPair(as, copy) as ScorePair)
  return { ok: true, text: doc.toString(keepLayout) }
}

/** Sets `active: false` on a score (HubSpot's deactivate), or removes it to activate the score again. */
export function setScoreActive(text: string, score: string, isActive: boolean): DraftEdit {
  const { doc, pair } = findScore(text, score)
  if (pair === undefined || !isMap(pair.value)) return noScore(score)
  if (isActive) pair.value.delete('active')
  else pair.value.set('active', false)
  return { ok: true, text: doc.toString(keepLayout) }
}
