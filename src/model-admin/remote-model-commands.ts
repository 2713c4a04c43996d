import { readFileSync } from 'node:fs'
import type { ModelApiClient, ModelStatus, PublishStarted } from './model-api-client.ts'
import { printModelDiff } from './print-model-diff.ts'

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
  return followPublish(client, await client.publishDraft(), options, io)
}

/** Says what a publish started, then follows it until the model is live (unless `wait` is false). */
async function followPublish(
  client: ModelApiClient,
  started: PublishStarted,
  options: { wait: boolean },
  io: RemoteCommandIo,
): Promise<number> {
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

/** `upscore model versions`: every published version, newest first, and which one is live. */
export async function remoteVersionsCommand(client: ModelApiClient, io: RemoteCommandIo): Promise<number> {
  const versions = await client.versions()
  if (versions.length === 0) io.print('no version was published yet')
  for (const v of versions) {
    io.print(`${v.version}  ${v.publishedAt}  "${v.name}" by ${v.source}${v.isLive ? '  (live)' : ''}`)
  }
  return 0
}

/** `upscore model rollback VERSION`: publishes a version published before, and follows it until it is live. */
export async function remoteRollbackCommand(
  client: ModelApiClient,
  version: string,
  options: { wait: boolean },
  io: RemoteCommandIo,
): Promise<number> {
  return followPublish(client, await client.publishVersion(version), options, io)
}

/** `upscore model reset`: the running service's draft becomes the live model again. */
export async function remoteResetCommand(client: ModelApiClient, io: RemoteCommandIo): Promise<number> {
  const draft = await client.resetDraft()
  io.print(`draft reset to the live model: "${draft.name}" ${draft.version}`)
  return 0
}

/** `upscore model draft-diff`: how contacts' scores and labels would change if the draft were published. */
export async function remoteDraftDiffCommand(client: ModelApiClient, io: RemoteCommandIo): Promise<number> {
  const diff = await client.diffDraft()
  if (diff.from === diff.to) {
    io.print(`the draft is the live model (${diff.from}): nothing would change`)
    return 0
  }
  io.print(`live ${diff.from} → draft ${diff.to}, on ${diff.contacts} contacts`)
  printModelDiff(diff, io.print)
  return 0
}
