import type { Server, ServerResponse } from 'node:http'

/** The requests a server is answering now, and a way to have their connections closed once answered. */
export interface InFlightRequests {
  count(): number
  /**
   * From now on, every answer (those in flight, and any later one) closes its connection: a kept-alive idle
   * connection would otherwise hold a stop until the client drops it.
   */
  closeConnectionsAfterAnswers(): void
}

export function trackInFlightRequests(server: Server): InFlightRequests {
  const answering = new Set<ServerResponse>()
  let closingConnections = false
  const closeAfterAnswer = (response: ServerResponse) => {
    if (!response.headersSent) response.setHeader('connection', 'close')
  }
  server.on('request', (_request, response: ServerResponse) => {
    answering.add(response)
    response.once('close', () => answering.delete(response))
    if (closingConnections) closeAfterAnswer(response)
  })
  return {
    count: () => answering.size,
    closeConnectionsAfterAnswers() {
      closingConnections = true
      for (const response of answering) closeAfterAnswer(response)
    },
  }
}
