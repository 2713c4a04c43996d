import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from 'yaml'
import { describeSchemaIssue } from './describe-schema-issue.ts'
import type { ModelProblem, ModelProblemAt } from './model-problem.ts'
import { type ModelSpec, modelSpecSchema } from './model-schema.ts'
import { describeYamlErrors } from './yaml-problems.ts'

export type ParsedModelFile =
  | { ok: true; spec: ModelSpec; locate: (at: ModelProblemAt) => ModelProblem }
  | { ok: false; problems: ModelProblem[] }

type YamlDocument = ReturnType<typeof parseDocument>

/** Finds the YAML node at a path, and the key node that leads to it. */
function nodeAt(doc: YamlDocument, path: readonly (string | number)[]): { node: Node | null; key: Node | null } {
  let node = doc.contents as Node | null
  let key: Node | null = null
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      )
      if (pair === undefined) break
      key = pair.key as Node
      node = pair.value as Node | null
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      key = null
      node = node.items[segment] as Node
    } else {
      break
    }
  }
  return { node, key }
}

/**
 * Where the document has a `__proto__` key. The schema never sees one: the parsed records drop it (assigning it would
 * replace their prototype), so a rule or label of that name would silently vanish.
 */
function protoKeyOffsets(doc: YamlDocument): number[] {
  const offsets: number[] = []
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === '__proto__') offsets.push(pair.key.range?.[0] ?? 0)
    },
  })
  return offsets
}

/**
 * Reads a model file's text: YAML syntax, then the shape of every section. Every problem is located at the line
 * and column of the YAML it is about.
 */
export function parseModelFile(text: string, file: string): ParsedModelFile {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const at = (offset: number, message: string): ModelProblem => {
    const { line, col } = lineCounter.linePos(offset)
    return { file, line, column: col, message }
  }
  if (doc.errors.length > 0) return { ok: false, problems: describeYamlErrors(text, doc.errors, lineCounter, file) }
  const locate = (problem: ModelProblemAt): ModelProblem => {
    const { node, key } = nodeAt(doc, problem.path)
    const target = problem.atKey === true && key !== null ? key : (node ?? key)
    let offset = target?.range?.[0] ?? 0
    if (problem.offset !== undefined && isScalar(target)) {
      const quoted = target.type === 'QUOTE_DOUBLE' || target.type === 'QUOTE_SINGLE'
      offset += problem.offset + (quoted ? 1 : 0)
    }
    const located = at(offset, problem.message)
    return problem.severity === undefined ? located : { ...located, severity: problem.severity }
  }
  const protoKeys = protoKeyOffsets(doc).map((offset) =>
    at(offset, '"__proto__" is a name every JavaScript object already has: choose another'),
  )
  const data: unknown = doc.toJS() ?? {}
  const parsed = modelSpecSchema.safeParse(data)
  if (parsed.success && protoKeys.length === 0) return { ok: true, spec: parsed.data, locate }
  const issues = parsed.success ? [] : parsed.error.issues
  const problems = [
    ...protoKeys,
    ...issues.flatMap((issue) => describeSchemaIssue(issue, data, modelSpecSchema)).map(locate),
  ].sort((a, b) => a.line - b.line || a.column - b.column)
  return { ok: false, problems }
}
