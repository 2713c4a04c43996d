import type { Store } from '../storage/store.ts'

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve))

/** The calls a long job makes once per page or chunk: before each, pending I/O gets its turn. */
const pacedMethods = new Set<PropertyKey>(['commit', 'readEvents', 'listEntityIds', 'scanContacts'])

/**
 * The same store, except that a page-by-page job over it (a model change, a what-if evaluation) lets HTTP requests
 * in between pages. The embedded store answers at once, so without this such a job would hold the event loop from
 * start to end and ingest would wait for it.
 */
export function yieldingStore(store: Store): Store {
  return new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target)
      if (typeof value !== 'function') return value
      const method = value as (...args: unknown[]) => unknown
      if (!pacedMethods.has(key)) return method.bind(target)
      return async (...args: unknown[]) => {
        await yieldToIo()
        return method.apply(target, args)
      }
    },
  })
}
