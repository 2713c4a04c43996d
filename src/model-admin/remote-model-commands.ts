import { readFileSync } from 'node:fs'
import type { ModelApiClient, ModelStatus } from './model-api-client.ts'

type Print = (line: string) => void

export interface RemoteCommandIo {
  print: Print
  printError: Print
  /** Waits between two looks at a publish under way. */
  sleep: (ms: number) => Promise<void>
}

function readFile(file: string, io: RemoteCommandIo): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    io.printError(`${file}:1:1 cannot read the file: ${(error as Error).message}`)
    return undefined
  }
}

/**
 * Saves the file as the service's draft; prints every problem as `FILE:LINE:COLUMN message`, and every warning as
 * `FILE:LINE:COLUMN warning: message` (as `model check` does). True when saved.
 */
async function saveDraft(client: ModelApiClient, file: string, io: RemoteCommandIo): Promise<boolean> {
  const text = readFile(file, io)
  if (text === undefined) return false
  const answer = await client.saveDraft(text)
  if (!answer.ok) {
    for (const p of answer.problems) io.printError(`${file}:${p.line}:${p.column} ${p.message}`)
    return false
  }
  const { name, version, isLive, warnings } = answer.draft
  for (const w of warnings) io.printError(`${file}:${w.line}:${w.column} warning: ${w.message}`)
  io.print(`draft saved: "${name}" ${version}${isLive ? ' (the model live now)' : ''}`)
  return true
}

/** `upscore model draft FILE`: the file becomes the running service's draft, not published. */
export async function remoteDraftCommand(client: ModelApiClient, file: string, io: RemoteCommandIo): Promise<number> {
  return (await saveDraft(client, file, io)) ? 0 : 1
}

const describe = (publishing: NonNullable<ModelStatus['publishing']>) => {
  const count = publishing.total > 0 ? ` ${publishing.done}/${publishing.total}` : ''
  const retry = publishing.failures > 0 ? ` (failed ${publishing.failures}×: ${publishing.lastError ?? ''})` : ''
  return `publishing ${publishing.version}: ${publishing.step}${count}${retry}`
}

/**
 * `upscore model publish FILE`: saves the file as the draft and publishes it, then follows the switch (rebuilding
 * properties, re-scoring) until the model is live, unless `wait` is false.
 */
export async function remotePublishCommand(
  client: ModelApiClient,
  file: string,
  options: { wait: boolean },
  io: RemoteCommandIo,
): Promise<number> {
  if (!(await saveDraft(client, file, io))) return 1
  const started = await client.publishDraft()
  if (started.state === 'unchanged') {
    io.print(`"${started.name}" ${started.version} is live already`)
    return 0
  }
  io.print(`publishing "${started.name}" ${started.version}`)
  if (!options.wait) return 0
  let shown = ''
  for (;;) {
    const status = await client.status()
    if (status.publishing === null || status.publishing === undefined) {
      if (status.version === started.version) {
        io.print(`"${started.name}" ${started.version} is live`)
        return 0
      }
      io.printError(`the publish of ${started.version} did not finish: model ${status.version} is live`)
      return 1
    }
    const line = describe(status.publishing)
    if (line !== shown) io.print(line)
    shown = line
    await io.sleep(500)
  }
}
