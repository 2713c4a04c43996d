import { UpscoreError } from '../errors.ts'
import { checkModelText, loadModelFile } from '../load-model.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import { formatModelProblem } from '../scoring/model-problem.ts'
import type { ModelVersions, Publication, PublishSource } from './model-versions.ts'

/** The model a service starts with, and its text (what a draft starts from). */
export interface StartModel {
  text: string
  model: CompiledModel
}

async function record(
  versions: ModelVersions,
  last: Publication | undefined,
  chosen: StartModel,
  source: PublishSource,
  nowMs: number,
): Promise<void> {
  if (last?.version === chosen.model.version) return
  const publication = { version: chosen.model.version, name: chosen.model.name, publishedAtMs: nowMs, source }
  await versions.recordPublication(publication, chosen.text)
}

async function lastPublished(versions: ModelVersions, last: Publication): Promise<StartModel> {
  const text = await versions.text(last.version)
  if (text === undefined) {
    throw new UpscoreError('storage_failure', `the text of the published model ${last.version} is missing`)
  }
  const checked = checkModelText(text, `published model ${last.version}`)
  if (!checked.ok) {
    const problems = checked.problems.map(formatModelProblem).join('\n')
    throw new UpscoreError(
      'invalid_model',
      `the model last published (${last.version}) is not valid for this version of upscore; start with --model FILE:\n${problems}`,
      { details: checked.problems },
    )
  }
  return { text, model: checked.model }
}

/**
 * Which model the service starts with: a file given with `--model`/`UPSCORE_MODEL` (published now, as a change of
 * model at start always was); else the model last published in the store; else the shipped default. A model
 * published through the API is kept across restarts, unless a file is given. Every model started with is recorded
 * as a publication when it differs from the last one.
 */
export async function chooseStartModel(
  modelPath: string | undefined,
  versions: ModelVersions,
  nowMs: number,
  print: (line: string) => void,
): Promise<StartModel> {
  const last = (await versions.publications()).at(-1)
  if (modelPath !== undefined) {
    const chosen = loadModelFile(modelPath)
    if (last !== undefined && last.source !== 'default' && last.version !== chosen.model.version) {
      print(`model file ${modelPath} replaces the model last published (${last.version}, ${last.source})`)
    }
    await record(versions, last, chosen, 'file', nowMs)
    return chosen
  }
  // The shipped default follows upgrades of upscore: its stored text is only history.
  if (last === undefined || last.source === 'default') {
    const chosen = loadModelFile(undefined)
    await record(versions, last, chosen, 'default', nowMs)
    return chosen
  }
  const chosen = await lastPublished(versions, last)
  // The same text may compile to another version after an upgrade (the engine's state format changed).
  await record(versions, last, chosen, 'upgrade', nowMs)
  return chosen
}
