import { z } from 'zod'
import type { CompiledModel, ModelCutoffs } from '../scoring/compiled-model.ts'
import { withCutoffs } from '../scoring/percentile-labels.ts'
import type { Store } from '../storage/store.ts'

const SETTING = 'percentile.cutoffs'

const storedCutoffsSchema = z.object({
  modelVersion: z.string(),
  atMs: z.number(),
  scores: z.record(
    z.string(),
    z.object({ subjects: z.number().int().nonnegative(), cutoffs: z.record(z.string(), z.number()) }),
  ),
})

/** The cut-offs of the percentile scores as the processor last worked them out, kept between runs. */
export type StoredCutoffs = z.infer<typeof storedCutoffsSchema>

/** The cut-offs last stored; undefined before the first calibration (or if the setting cannot be read). */
export async function readStoredCutoffs(store: Pick<Store, 'readSetting'>): Promise<StoredCutoffs | undefined> {
  const text = await store.readSetting(SETTING)
  if (text === undefined) return undefined
  try {
    const parsed = storedCutoffsSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

export async function writeStoredCutoffs(store: Pick<Store, 'writeSetting'>, cutoffs: StoredCutoffs): Promise<void> {
  await store.writeSetting(SETTING, JSON.stringify(cutoffs))
}

/** The cut-offs of `model`'s percentile scores among those stored (a score gone from the model is left out). */
export function cutoffsFor(model: CompiledModel, stored: StoredCutoffs | undefined): ModelCutoffs {
  const cutoffs: Record<string, Readonly<Record<string, number>>> = {}
  for (const score of [...model.contactScores, ...model.companyScores]) {
    const found = stored?.scores[score.name]
    if (score.percentiles !== undefined && found !== undefined) cutoffs[score.name] = found.cutoffs
  }
  return cutoffs
}

/**
 * `model` scoring with the cut-offs last stored. A model change re-scores with them, so that labels by rank do not
 * all fall to the rest label until the processor works the cut-offs out again from the new scores.
 */
export async function withStoredCutoffs(store: Pick<Store, 'readSetting'>, model: CompiledModel) {
  return withCutoffs(model, cutoffsFor(model, await readStoredCutoffs(store)))
}
