/** A batch of Segment messages and what became of it. */
interface Batch {
  messages: readonly object[]
  sends: number
  acknowledged: boolean
}

export interface ClientStats {
  /** Requests sent, answered or not. */
  requests: number
  /** Requests that got no answer (the server died under them) or an answer other than 200. */
  unanswered: number
  /** Batches sent again after a send that was not acknowledged. */
  resent: number
  /** Batches sent again after they were acknowledged, as by a client whose answer was lost. */
  repeated: number
  /** Answers that were neither 200 nor a lost connection: each one is a finding. */
  unexpected: string[]
}

/**
 * An ingest client as a careful app would be: it sends batches over HTTP and keeps every batch not acknowledged
 * (answered 200) to send again — after a restart of the server, say. Each batch counts as delivered only with a 200.
 */
export interface ResendingClient {
  /**
   * Sends the batches not acknowledged yet (at most `limit`), `concurrency` at a time, to `url`; resolves when they
   * are answered, or when a connection fails (the server is down: the rest wait for the next call).
   */
  send(url: string, options?: { limit?: number }): Promise<void>
  /** Puts `count` batches acknowledged before, drawn with `random`, back in the queue: answers that were lost. */
  repeatAcknowledged(count: number, random: () => number): void
  /** Batches not acknowledged yet (or queued again). */
  pending(): number
  /** Requests without an answer yet. */
  inFlight(): number
  stats(): ClientStats
}

export function createResendingClient(options: {
  batches: readonly (readonly object[])[]
  writeKey: string
  concurrency: number
}): ResendingClient {
  const authorization = `Basic ${Buffer.from(`${options.writeKey}:`).toString('base64')}`
  const waiting: Batch[] = options.batches.map((messages) => ({ messages, sends: 0, acknowledged: false }))
  const stats: ClientStats = { requests: 0, unanswered: 0, resent: 0, repeated: 0, unexpected: [] }
  const acknowledged: Batch[] = []
  let inFlight = 0

  /** Sends one batch; false when it was not acknowledged (it goes back to the queue). */
  const sendOne = async (url: string, batch: Batch): Promise<boolean> => {
    if (batch.acknowledged) stats.repeated++
    else if (batch.sends > 0) stats.resent++
    batch.sends++
    stats.requests++
    inFlight++
    try {
      const response = await fetch(`${url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ batch: batch.messages }),
      })
      const text = await response.text()
      if (response.status === 200) {
        // A batch acknowledged before must be acknowledged again, every message a duplicate.
        const accepted = (JSON.parse(text) as { accepted: number }).accepted
        if (batch.acknowledged && accepted !== 0) {
          stats.unexpected.push(`200 storing ${accepted} messages again of a batch acknowledged before`)
        }
        if (!batch.acknowledged) acknowledged.push(batch)
        batch.acknowledged = true
        return true
      }
      stats.unexpected.push(`${response.status}: ${text.slice(0, 200)}`)
    } catch {
      // No answer: the server died under the request. Whether it was stored is unknown, so it is sent again.
    } finally {
      inFlight--
    }
    stats.unanswered++
    waiting.push(batch)
    return false
  }

  return {
    async send(url, sendOptions = {}) {
      let budget = sendOptions.limit ?? Number.POSITIVE_INFINITY
      let down = false
      const worker = async () => {
        while (!down && budget > 0) {
          const batch = waiting.shift()
          if (batch === undefined) return
          budget--
          if (!(await sendOne(url, batch))) down = true
        }
      }
      await Promise.all(Array.from({ length: options.concurrency }, worker))
    },
    repeatAcknowledged(count, random) {
      for (let n = 0; n < count && acknowledged.length > 0; n++) {
        const batch = acknowledged[Math.floor(random() * acknowledged.length)] as Batch
        if (!waiting.includes(batch)) waiting.push(batch)
      }
    },
    pending: () => waiting.length + inFlight,
    inFlight: () => inFlight,
    stats: () => ({ ...stats, unexpected: [...stats.unexpected] }),
  }
}
