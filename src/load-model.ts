import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { UpscoreError } from './errors.ts'
import { OCCURRENCE_STATE_FORMAT } from './properties/occurrence-points-kind.ts'
import { compileModel } from './scoring/compile-model.ts'
import type { CompiledModel } from './scoring/compiled-model.ts'
import { hubspotLints } from './scoring/hubspot-lints.ts'
import { parseModelFile } from './scoring/model-file.ts'
import { formatModelProblem, type ModelProblem } from './scoring/model-problem.ts'

/** The model upscore scores with when none is given. */
export const defaultModelPath = fileURLToPath(new URL('../models/default.yaml', import.meta.url))

/**
 * Reads, validates and compiles a model file's text; every problem located as `FILE:LINE:COLUMN`. Warnings (what
 * HubSpot's own tool would not take) come apart from the problems: they leave the model valid.
 */
export function checkModelText(
  text: string,
  file: string,
):
  | { ok: true; model: CompiledModel; warnings: ModelProblem[] }
  | { ok: false; problems: ModelProblem[]; warnings: ModelProblem[] } {
  const parsed = parseModelFile(text, file)
  if (!parsed.ok) return { ...parsed, warnings: [] }
  const warnings = parsed.spec.hubspot?.lint === true ? hubspotLints(parsed.spec).map(parsed.locate) : []
  // The version also changes when the engine's state format does, so stored state is rebuilt on upgrade.
  const version = createHash('sha256')
    .update(`state-format ${OCCURRENCE_STATE_FORMAT}\n`)
    .update(text)
    .digest('hex')
    .slice(0, 16)
  const compiled = compileModel(parsed.spec, version)
  if (!compiled.ok) return { ok: false, problems: compiled.problems.map(parsed.locate), warnings }
  return { ok: true, model: { ...compiled.model, source: { text, file } }, warnings }
}

/** Loads the model file (or the default one); throws `invalid_model` listing every problem. */
export function loadModel(path: string | undefined): CompiledModel {
  return loadModelFile(path).model
}

/** Loads the model file (or the default one) with its text; throws `invalid_model` listing every problem. */
export function loadModelFile(path: string | undefined): { text: string; model: CompiledModel } {
  const file = path ?? defaultModelPath
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new UpscoreError('invalid_model', `cannot read the model file ${file}: ${(error as Error).message}`)
  }
  const checked = checkModelText(text, file)
  if (!checked.ok) {
    throw new UpscoreError('invalid_model', checked.problems.map(formatModelProblem).join('\n'), {
      details: checked.problems,
    })
  }
  return { text, model: checked.model }
}
