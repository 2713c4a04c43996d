import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from 'yaml'
import type { z } from 'zod'
import type { ModelProblem, ModelProblemAt } from './model-problem.ts'
import { type ModelSpec, modelSpecSchema } from './model-schema.ts'

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

function findKey(doc: YamlDocument, path: readonly (string | number)[], name: string): Node | null {
  const { node } = nodeAt(doc, path)
  if (!isMap(node)) return null
  const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === name)
  return (pair?.key as Node | undefined) ?? null
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length === 0 ? 'the model' : `"${issue.path.join('.')}"`
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `unknown key "${key}" in ${where}`).join('; ')
    case 'invalid_union':
      return `${where}: ${issue.message}`
    case 'invalid_key':
      // What is wrong with the key (its pattern, an inherited name) says more than "Invalid key in record".
      return `${where}: ${issue.issues[0]?.message ?? issue.message}`
    default:
      return `${where}: ${issue.message}`
  }
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
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => at(error.pos[0], error.message.split('\n')[0] ?? error.message)),
    }
  }
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
  const parsed = modelSpecSchema.safeParse(doc.toJS() ?? {})
  if (parsed.success && protoKeys.length === 0) return { ok: true, spec: parsed.data, locate }
  const issues = parsed.success ? [] : parsed.error.issues
  const problems = issues.flatMap((issue): ModelProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((name) => {
        const keyNode = findKey(doc, issue.path as (string | number)[], name)
        const where = issue.path.length === 0 ? 'at the top level' : `in "${issue.path.join('.')}"`
        return at(keyNode?.range?.[0] ?? 0, `unknown key "${name}" ${where}`)
      })
    }
    const path = issue.path as (string | number)[]
    return [locate({ path, message: describeIssue(issue), atKey: issue.code === 'invalid_key' })]
  })
  return { ok: false, problems: [...protoKeys, ...problems] }
}
