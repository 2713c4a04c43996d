import type { CompiledProperty } from '../properties/compiled-property.ts'
import type { CompiledScore, CompiledSegment } from './compiled-model.ts'
import type { CompiledExpression, Reference } from './expression.ts'
import type { ModelProblemAt } from './model-problem.ts'

type Subject = 'contact' | 'company'

/** What a name read by a condition stands for. */
type Node =
  | { kind: 'segment'; subject: Subject; name: string; segment: CompiledSegment }
  | { kind: 'score'; subject: Subject; name: string; score: CompiledScore; index: number }
  | { kind: 'property'; subject: Subject; name: string }
type SegmentNode = Extract<Node, { kind: 'segment' }>

const keyOf = (node: Node) => `${node.subject}:${node.kind}:${node.name}`

/** `score "lead_score"`, `segment "company.target_accounts"`, `company "best_score"`, as read from a `from`. */
function describe(node: Node, from: Subject): string {
  if (node.kind === 'property') return `company "${node.name}"`
  return `${node.kind} "${node.subject === from ? node.name : `company.${node.name}`}"`
}

const chainOf = (path: readonly Node[], from: Subject) => path.map((n) => describe(n, from)).join(' → ')

/** Where a segment's condition reads a name: the problem points there. */
function readAt(segment: CompiledSegment, name: string): Pick<ModelProblemAt, 'path' | 'offset'> {
  const offset = Math.max(0, segment.when.source.search(new RegExp(`\\b${name}\\b`)))
  return { path: ['segments', segment.name, 'when'], offset }
}

function scoreExpressions(score: CompiledScore): CompiledExpression[] {
  const rules = score.groups.flatMap((group) => group.rules)
  const reads = rules.flatMap((rule) => [
    rule.when,
    rule.amount.kind === 'per' || rule.amount.kind === 'match' ? rule.amount.of : undefined,
  ])
  return [score.onlyWhen, ...reads].filter((e) => e !== undefined)
}

function createGraph(segments: readonly CompiledSegment[], scores: readonly CompiledScore[]) {
  const of = (subject: Subject) => ({
    segments: new Map(segments.filter((s) => s.subject === subject).map((s) => [s.name, s])),
    scores: new Map(
      scores.filter((s) => s.subject === subject).map((score, index) => [score.name, { score, index }] as const),
    ),
  })
  const bySubject = { contact: of('contact'), company: of('company') }
  const resolve = (ref: Reference, from: Subject): Node => {
    const subject = ref.scope === 'company' ? 'company' : from
    const segment = bySubject[subject].segments.get(ref.name)
    if (segment !== undefined) return { kind: 'segment', subject, name: ref.name, segment }
    const score = bySubject[subject].scores.get(ref.name)
    if (score !== undefined) return { kind: 'score', subject, name: ref.name, ...score }
    return { kind: 'property', subject, name: ref.name }
  }
  const reads = (node: Node): Node[] => {
    if (node.kind === 'property') return []
    const expressions = node.kind === 'segment' ? [node.segment.when] : scoreExpressions(node.score)
    return expressions.flatMap((e) => e.references).map((ref) => resolve(ref, node.subject))
  }
  const scoreNode = (score: CompiledScore): Node => resolve({ scope: 'self', name: score.name }, score.subject)
  return { reads, scoreNode }
}

/** Every path from `start` to a name it reads, going on only through the nodes `goesThrough` allows. */
function walk(start: Node, reads: (node: Node) => Node[], goesThrough: (node: Node) => boolean): Node[][] {
  const seen = new Set<string>()
  const paths: Node[][] = []
  const queue: Node[][] = [[start]]
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    for (const next of reads(path.at(-1) as Node)) {
      const key = keyOf(next)
      if (seen.has(key)) continue
      seen.add(key)
      paths.push([...path, next])
      if (key !== keyOf(start) && goesThrough(next)) queue.push([...path, next])
    }
  }
  return paths
}

/** Segments that read each other in a loop, each loop reported at the segment where the search met it. */
function segmentLoops(segments: readonly CompiledSegment[], reads: (node: Node) => Node[]): ModelProblemAt[] {
  const problems: ModelProblemAt[] = []
  const done = new Set<string>()
  const stack: SegmentNode[] = []
  const visit = (node: SegmentNode) => {
    stack.push(node)
    for (const next of reads(node)) {
      if (next.kind !== 'segment' || done.has(keyOf(next))) continue
      const at = stack.findIndex((n) => keyOf(n) === keyOf(next))
      if (at < 0) {
        visit(next)
        continue
      }
      const loop = [...stack.slice(at), next]
      const first = loop[0] as SegmentNode
      const second = loop[1] as SegmentNode
      problems.push({ ...readAt(first.segment, second.name), message: `cycle: ${chainOf(loop, first.subject)}` })
    }
    stack.pop()
    done.add(keyOf(node))
  }
  for (const segment of segments) {
    const node: SegmentNode = { kind: 'segment', subject: segment.subject, name: segment.name, segment }
    if (!done.has(keyOf(node))) visit(node)
  }
  return problems
}

/**
 * A score reads the segments it uses when it is computed, and they read the scores computed so far: so those
 * segments may read only scores declared before it, and reading the score itself is a cycle.
 */
function scoreOrder(start: Node, reads: (node: Node) => Node[]): ModelProblemAt[] {
  if (start.kind !== 'score') return []
  const problems: ModelProblemAt[] = []
  for (const path of walk(start, reads, (n) => n.kind === 'segment')) {
    const read = path.at(-1)
    const via = path.at(-2)
    if (read?.kind !== 'score' || via?.kind !== 'segment' || read.subject !== start.subject) continue
    if (read.name === start.name) {
      problems.push({ ...readAt(via.segment, read.name), message: `cycle: ${chainOf(path, start.subject)}` })
    } else if (read.index > start.index) {
      problems.push({
        ...readAt(via.segment, read.name),
        message: `segment "${via.name}" reads score "${read.name}", declared after score "${start.name}" that uses the segment: declare "${read.name}" first`,
      })
    }
  }
  return problems
}

/** A contact score that reaches, through segments (and company scores), a company roll-up of contact scores. */
function rollupLoops(start: Node, reads: (node: Node) => Node[], onScores: ReadonlySet<string>): ModelProblemAt[] {
  if (start.kind !== 'score' || start.subject !== 'contact') return []
  const problems: ModelProblemAt[] = []
  const goesThrough = (n: Node) => n.kind === 'segment' || (n.kind === 'score' && n.subject === 'company')
  for (const path of walk(start, reads, goesThrough)) {
    const read = path.at(-1)
    const via = path.find((n): n is SegmentNode => n.kind === 'segment')
    if (read?.kind !== 'property' || read.subject !== 'company' || !onScores.has(read.name) || via === undefined)
      continue
    problems.push({
      path: ['segments', via.name, 'when'],
      message: `cycle: ${chainOf(path, 'contact')}, which rolls up contact scores`,
    })
  }
  return problems
}

/**
 * The checks segments need beyond their names: no loops between segments, no segment that reads a score that uses
 * it (or one declared after it), and no path from a contact score through segments to a roll-up of contact scores.
 * Each problem is located at the segment condition where the loop closes.
 */
export function segmentCycles(
  segments: readonly CompiledSegment[],
  scores: readonly CompiledScore[],
  company: readonly CompiledProperty[],
): ModelProblemAt[] {
  const { reads, scoreNode } = createGraph(segments, scores)
  const onScores = new Set(company.filter((p) => p.source === 'rollup' && p.readsScores).map((p) => p.name))
  const problems = [
    ...segmentLoops(segments, reads),
    ...scores.flatMap((score) => [
      ...scoreOrder(scoreNode(score), reads),
      ...rollupLoops(scoreNode(score), reads, onScores),
    ]),
  ]
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = `${p.path.join('.')}|${p.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
