/**
 * The JSON text of stored values and scores, kept beside the parsed object: a re-score compares its result with
 * what is stored, and writes back what did not change, without serializing the same object again. Only for objects
 * that are never mutated after parsing or serializing (values and scores are replaced, not edited).
 */
const texts = new WeakMap<object, string>()

/** Parses stored JSON text and remembers the text for the object. */
export function parseJsonText<T extends object>(text: string): T {
  const value = JSON.parse(text) as T
  texts.set(value, text)
  return value
}

/** The object's JSON text: the remembered one, else serialized once and remembered. */
export function jsonText(value: object): string {
  let text = texts.get(value)
  if (text === undefined) {
    text = JSON.stringify(value)
    texts.set(value, text)
  }
  return text
}
