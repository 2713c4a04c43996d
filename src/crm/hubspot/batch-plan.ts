import type { CrmObjectType, OutboxEntry } from '../../storage/store.ts'

/** The value HubSpot finds a record by, as HubSpot compares it: emails without case, groupIds exactly. */
export function recordKey(objectType: CrmObjectType, idValue: string): string {
  return objectType === 'contacts' ? idValue.trim().toLowerCase() : idValue
}

/** The in-flight and dedupe key of an outbox entry. */
export const entryKey = (entry: Pick<OutboxEntry, 'objectType' | 'entityId'>) => `${entry.objectType}:${entry.entityId}`

/**
 * The next batch from pending entries (oldest first): at most `max`, none already in flight, and at most one per
 * HubSpot record — two entities with the same email in one batch would make HubSpot refuse the whole batch
 * ("Duplicate IDs"), so the second waits for the next batch.
 */
export function planBatch(
  objectType: CrmObjectType,
  pending: readonly OutboxEntry[],
  inFlight: ReadonlySet<string>,
  inFlightRecords: ReadonlySet<string>,
  max: number,
): OutboxEntry[] {
  const batch: OutboxEntry[] = []
  const records = new Set<string>()
  for (const entry of pending) {
    if (batch.length >= max) break
    const record = `${objectType}:${recordKey(objectType, entry.idValue)}`
    if (inFlight.has(entryKey(entry)) || inFlightRecords.has(record) || records.has(record)) continue
    records.add(record)
    batch.push(entry)
  }
  return batch
}

/** Halves of a batch HubSpot refused as a whole, to find the record it refuses (bisection). */
export function splitInHalves<T>(items: readonly T[]): [T[], T[]] {
  const middle = Math.ceil(items.length / 2)
  return [items.slice(0, middle), items.slice(middle)]
}

/** Whether to wait a little for a fuller batch: only when calls are scarce and the batch is not full yet. */
export function shouldLinger(input: {
  batchSize: number
  maxBatchSize: number
  freeShare: number
  lingeredMs: number
  maxLingerMs: number
}): boolean {
  if (input.batchSize >= input.maxBatchSize || input.lingeredMs >= input.maxLingerMs) return false
  return input.freeShare < SCARCE_SHARE
}

/** Below this share of the 10-second budget free, calls are scarce: fill them. Above, send at once. */
export const SCARCE_SHARE = 0.5
