import { z } from 'zod'

type Path = readonly PropertyKey[]

const valueAt = (data: unknown, key: PropertyKey): unknown =>
  typeof data === 'object' && data !== null ? (data as Record<PropertyKey, unknown>)[key] : undefined

/** The schema inside optional, nullable and default wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType
    else if (current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType
    else return current
  }
}

/** The options of a union that may describe `data`: for a discriminated union, those its discriminator names. */
function optionsFor(schema: z.ZodUnion, data: unknown): z.ZodType[] {
  const options = schema.options as readonly z.ZodType[]
  if (!(schema instanceof z.ZodDiscriminatedUnion)) return [...options]
  const discriminator = schema.def.discriminator
  const value = valueAt(data, discriminator)
  const matching = options.filter((option) => {
    const inner = unwrap(option)
    if (!(inner instanceof z.ZodObject)) return false
    const literal = unwrap(inner.shape[discriminator] as z.ZodType)
    return literal instanceof z.ZodLiteral && literal.values.has(value as never)
  })
  return matching.length > 0 ? matching : [...options]
}

/** The schemas that describe the value at `path` of `data`: several where a union leaves it open. */
function schemasAt(schema: z.ZodType, data: unknown, path: Path): z.ZodType[] {
  const inner = unwrap(schema)
  if (inner instanceof z.ZodUnion) return optionsFor(inner, data).flatMap((option) => schemasAt(option, data, path))
  const [first, ...rest] = path
  if (first === undefined) return [inner]
  if (inner instanceof z.ZodObject) {
    const child = (inner.shape as Record<PropertyKey, z.ZodType | undefined>)[first]
    return child === undefined ? [] : schemasAt(child, valueAt(data, first), rest)
  }
  if (inner instanceof z.ZodRecord) return schemasAt(inner.valueType as z.ZodType, valueAt(data, first), rest)
  if (inner instanceof z.ZodArray) return schemasAt(inner.element as z.ZodType, valueAt(data, first), rest)
  return []
}

/** The keys a model file may give at `path` (a section of settings), as the schema says; empty when none is known. */
export function keysAllowedAt(schema: z.ZodType, data: unknown, path: Path): string[] {
  const keys = schemasAt(schema, data, path).flatMap((at) => (at instanceof z.ZodObject ? Object.keys(at.shape) : []))
  return [...new Set(keys)]
}
