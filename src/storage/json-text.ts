/**
 * The JSON text of stored values and scores, kept on the parsed object: a re-score compares its result with what is
 * stored, and writes back what did not change, without serializing the same object again. Only for objects that are
 * never mutated after parsing or serializing (values and scores are replaced, not edited).
 *
 * The text is a hidden property (a symbol, not enumerable: JSON, structured clone and `Object.keys` do not see it)
 * rather than a WeakMap entry: a full re-score parses millions of these objects, and the garbage collector pays for
 * every WeakMap key it has to follow (about a tenth of the re-score's time).
 */
const TEXT = Symbol('json text')

type WithText = { [TEXT]?: string }

function remember(value: object, text: string): void {
  Object.defineProperty(value, TEXT, { value: text, writable: true })
}

/** Parses stored JSON text and remembers the text for the object. */
export function parseJsonText<T extends object>(text: string): T {
  const value = JSON.parse(text) as T
  remember(value, text)
  return value
}

/** The object's JSON text: the remembered one, else serialized once and remembered. */
export function jsonText(value: object): string {
  let text = (value as WithText)[TEXT]
  if (text === undefined) {
    text = JSON.stringify(value)
    remember(value, text)
  }
  return text
}
