import jsep from 'jsep'
import { compileWildcard } from './wildcard.ts'

/** A property an expression reads: one of the entity's own, its company's, or the event's own property. */
export interface Reference {
  scope: 'self' | 'company' | 'event'
  name: string
}

export type Scalar = string | number | boolean | null | undefined

/** Gives the value of a referenced property; `undefined` when the entity has none. */
export type Lookup = (ref: Reference) => unknown

export interface CompiledExpression {
  source: string
  references: Reference[]
  evaluate: (lookup: Lookup) => Scalar
}

export interface ExpressionProblem {
  message: string
  /** Offset in the expression's text where the problem starts. */
  offset: number
}

export type ExpressionScope = 'entity' | 'contact-with-company' | 'event'

let configured = false
function configureParser(): void {
  if (configured) return
  configured = true
  jsep.addBinaryOp('or', 1)
  jsep.addBinaryOp('and', 2)
  jsep.addBinaryOp('in', 7)
  jsep.addBinaryOp('contains', 7)
  jsep.addBinaryOp('matches', 7)
  jsep.addUnaryOp('not')
}

type Node = jsep.Expression

/** Both sides present but of different types: the comparison is false, and worth counting. */
const mismatched = (a: Scalar, b: Scalar) =>
  a !== undefined && a !== null && b !== undefined && b !== null && typeof a !== typeof b

const comparisons: Record<string, (a: Scalar, b: Scalar) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => comparable(a, b) && (a as number) < (b as number),
  '<=': (a, b) => comparable(a, b) && (a as number) <= (b as number),
  '>': (a, b) => comparable(a, b) && (a as number) > (b as number),
  '>=': (a, b) => comparable(a, b) && (a as number) >= (b as number),
}

/** Ordering is defined between two numbers or two strings; anything else (an absent value included) is false. */
function comparable(a: Scalar, b: Scalar): boolean {
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')
}

const arithmetic: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
}

function toScalar(value: unknown): Scalar {
  if (value === null || value === undefined) return value
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  return undefined
}

const truthy = (value: Scalar): boolean =>
  value !== undefined && value !== null && value !== false && value !== 0 && value !== ''

/**
 * Compiles a condition or number expression of the model language: comparisons (`== != < <= > >=`), `and`, `or`,
 * `not`, `in [..]`, `contains`, arithmetic, literals, property names, and `company.NAME` where the scope allows it.
 * Absent values never match a comparison.
 */
export function compileExpression(
  source: string,
  scope: ExpressionScope,
  options: { onTypeMismatch?: () => void } = {},
): { ok: true; expression: CompiledExpression } | { ok: false; problem: ExpressionProblem } {
  configureParser()
  const onTypeMismatch = options.onTypeMismatch
  let tree: Node
  try {
    tree = jsep(source)
  } catch (error) {
    const e = error as { description?: string; index?: number; message: string }
    return {
      ok: false,
      problem: { message: `cannot read the expression: ${e.description ?? e.message}`, offset: e.index ?? 0 },
    }
  }
  const references: Reference[] = []
  const offsetOf = (name: string): number =>
    Math.max(0, source.search(new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`)))

  const build = (node: Node): ((lookup: Lookup) => Scalar) | ExpressionProblem => {
    switch (node.type) {
      case 'Literal':
        return () => toScalar((node as jsep.Literal).value)
      case 'Identifier': {
        const name = (node as jsep.Identifier).name
        if (name === 'true' || name === 'false' || name === 'null') {
          const value = name === 'null' ? null : name === 'true'
          return () => value
        }
        const ref: Reference = { scope: scope === 'event' ? 'event' : 'self', name }
        references.push(ref)
        return (lookup) => toScalar(lookup(ref))
      }
      case 'MemberExpression': {
        const member = node as jsep.MemberExpression
        const object = member.object as jsep.Identifier
        const property = member.property as jsep.Identifier
        if (scope === 'event' && !member.computed && object.type === 'Identifier' && property.type === 'Identifier') {
          // Event properties can be nested: `context.plan` reads properties.context.plan.
          const ref: Reference = { scope: 'event', name: `${object.name}.${property.name}` }
          references.push(ref)
          return (lookup) => toScalar(lookup(ref))
        }
        if (
          scope !== 'contact-with-company' ||
          member.computed ||
          object.type !== 'Identifier' ||
          object.name !== 'company' ||
          property.type !== 'Identifier'
        ) {
          return {
            message: 'only `company.PROPERTY` can be read with a dot here',
            offset: offsetOf(String(object.name ?? '')),
          }
        }
        const ref: Reference = { scope: 'company', name: property.name }
        references.push(ref)
        return (lookup) => toScalar(lookup(ref))
      }
      case 'ArrayExpression':
        return { message: 'a list [..] can only follow `in`', offset: Math.max(0, source.indexOf('[')) }
      case 'UnaryExpression': {
        const unary = node as jsep.UnaryExpression
        const argument = build(unary.argument)
        if (typeof argument !== 'function') return argument
        if (unary.operator === 'not' || unary.operator === '!') return (lookup) => !truthy(argument(lookup))
        if (unary.operator === '-') {
          return (lookup) => {
            const value = argument(lookup)
            return typeof value === 'number' ? -value : undefined
          }
        }
        return { message: `unknown operator "${unary.operator}"`, offset: 0 }
      }
      case 'BinaryExpression':
        return buildBinary(node as jsep.BinaryExpression, build, onTypeMismatch, source)
      default:
        return { message: `"${node.type}" is not allowed in a model expression`, offset: 0 }
    }
  }

  const built = build(tree)
  if (typeof built !== 'function') return { ok: false, problem: built }
  return { ok: true, expression: { source, references, evaluate: built } }
}

function buildBinary(
  node: jsep.BinaryExpression,
  build: (node: Node) => ((lookup: Lookup) => Scalar) | ExpressionProblem,
  onTypeMismatch: (() => void) | undefined,
  source: string,
): ((lookup: Lookup) => Scalar) | ExpressionProblem {
  const op = node.operator
  if (op === 'in' && node.right.type === 'ArrayExpression') {
    const left = build(node.left)
    if (typeof left !== 'function') return left
    const items = (node.right as jsep.ArrayExpression).elements.map((element) =>
      element === null ? undefined : build(element),
    )
    const problem = items.find((item) => item !== undefined && typeof item !== 'function')
    if (problem !== undefined) return problem as ExpressionProblem
    const fns = items.filter((item): item is (lookup: Lookup) => Scalar => typeof item === 'function')
    return (lookup) => {
      const value = left(lookup)
      return value !== undefined && value !== null && fns.some((fn) => fn(lookup) === value)
    }
  }
  const left = build(node.left)
  if (typeof left !== 'function') return left
  const right = build(node.right)
  if (typeof right !== 'function') return right
  if (op === 'and' || op === '&&') return (lookup) => truthy(left(lookup)) && truthy(right(lookup))
  if (op === 'or' || op === '||') return (lookup) => truthy(left(lookup)) || truthy(right(lookup))
  if (op === 'contains') {
    return (lookup) => {
      const a = left(lookup)
      const b = right(lookup)
      return typeof a === 'string' && typeof b === 'string' && a.toLowerCase().includes(b.toLowerCase())
    }
  }
  if (op === 'matches') {
    // A wildcard pattern (`*` any run of characters, `?` one), as Mautic matches URLs; case-insensitive. Only a
    // quoted pattern: one read from event data could make every event cost the product of two long texts.
    const literal = node.right.type === 'Literal' ? (node.right as jsep.Literal).value : undefined
    if (typeof literal !== 'string') {
      return {
        message: '`matches` takes a quoted pattern, such as matches "/pricing*"',
        offset: Math.max(0, source.indexOf('matches')),
      }
    }
    const isMatch = compileWildcard(literal)
    return (lookup) => {
      const a = left(lookup)
      return typeof a === 'string' && isMatch(a)
    }
  }
  if (op === '===' || op === '!==') return { message: `use "${op.slice(0, 2)}" instead of "${op}"`, offset: 0 }
  const compare = comparisons[op]
  if (compare !== undefined) {
    if (onTypeMismatch === undefined) return (lookup) => compare(left(lookup), right(lookup))
    return (lookup) => {
      const a = left(lookup)
      const b = right(lookup)
      if (mismatched(a, b)) onTypeMismatch()
      return compare(a, b)
    }
  }
  const arith = arithmetic[op]
  if (arith !== undefined) {
    return (lookup) => {
      const a = left(lookup)
      const b = right(lookup)
      if (typeof a !== 'number' || typeof b !== 'number') return undefined
      const result = arith(a, b)
      return Number.isFinite(result) ? result : undefined
    }
  }
  return { message: `unknown operator "${op}"`, offset: 0 }
}
