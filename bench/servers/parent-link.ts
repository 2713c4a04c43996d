/** What the bench process sends a server child: run one of its commands. */
export type ParentMessage = { kind: 'call'; id: number; command: string; args?: unknown }

/** What a server child sends back: once that it is ready, then one reply per call. */
export type ChildMessage =
  | { kind: 'ready'; url: string }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string }

/** A child's commands; `close` must shut everything down, after which the child exits. */
export type ChildCommands = Record<string, (args: unknown) => Promise<unknown>> & { close: () => Promise<unknown> }

function send(message: ChildMessage): void {
  process.send?.(message)
}

/** Answers the bench process's calls with `commands`, and tells it the child is ready at `url`. */
export function serveParent(url: string, commands: ChildCommands): void {
  process.on('message', async (message: ParentMessage) => {
    if (message.kind !== 'call') return
    const command = commands[message.command]
    try {
      if (command === undefined) throw new Error(`unknown command ${message.command}`)
      const value = await command(message.args)
      send({ kind: 'reply', id: message.id, ok: true, value: value ?? null })
    } catch (error) {
      send({ kind: 'reply', id: message.id, ok: false, error: (error as Error).stack ?? String(error) })
    }
    // The reply needs a moment to leave over the IPC channel before the process ends.
    if (message.command === 'close') setTimeout(() => process.exit(0), 100)
  })
  // The bench process went away: do not linger.
  process.on('disconnect', () => process.exit(0))
  send({ kind: 'ready', url })
}
