/**
 * Records keyed by data — distinct values, contact ids, event property names, anything a product sends — kept as
 * plain JSON objects in which a key named like an `Object.prototype` member (`__proto__`, `constructor`,
 * `toString`, …) is an ordinary key: `ownValue` reads own properties only, `setOwn` always writes an own property,
 * and `dataRecord` makes a record that inherits nothing.
 *
 * The accessors work on any object, whatever its prototype, because records also come back from the store through
 * `JSON.parse`, whose objects inherit from `Object.prototype` (a reviver giving them none would slow every read of
 * state). Iterate such records with `Object.keys` / `entries` / `values` (own keys only) and copy them with spread;
 * never with `for…in` or `Object.assign`, which assigns `__proto__` as the prototype.
 */

/** A new, empty record keyed by data: with no prototype, so that even a plain read sees nothing inherited. */
export function dataRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

/** The record's own value under `key`; undefined when it has none, whatever `Object.prototype` holds. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined
}

/** Writes `value` under `key` as an own property, `__proto__` included. Mutates `record`. */
export function setOwn<T>(record: Record<string, T>, key: string, value: NoInfer<T>): void {
  // Every other Object.prototype member is a writable data property, so assignment shadows it with an own one;
  // `__proto__` is an accessor, whose setter would replace the record's prototype instead.
  if (key === '__proto__')
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true })
  else record[key] = value
}
