import { z } from 'zod'
import { UpscoreError } from '../errors.ts'
import type { Store } from '../storage/store.ts'

/**
 * Who made a version live: a person through the API, the `--model`/`UPSCORE_MODEL` file at start, the shipped
 * default (no model given, none published), or an upgrade of upscore that changed the version of the same text.
 */
export type PublishSource = 'api' | 'file' | 'default' | 'upgrade'

/** One publication: a model text made live. */
export interface Publication {
  /** The compiled model's version (a hash of its text and of the engine's state format). */
  version: string
  name: string
  publishedAtMs: number
  source: PublishSource
}

const publicationsSchema = z.array(
  z.object({
    version: z.string(),
    name: z.string(),
    publishedAtMs: z.number(),
    source: z.enum(['api', 'file', 'default', 'upgrade']),
  }),
)

const PUBLISHED_KEY = 'model.published'
const DRAFT_KEY = 'model.draft'
const textKey = (version: string) => `model.text.${version}`

/** The draft and the published versions of the model, kept in the store's settings. */
export interface ModelVersions {
  /** Every publication, oldest first. */
  publications(): Promise<Publication[]>
  /** The text of a published version; undefined when no publication has that version. */
  text(version: string): Promise<string | undefined>
  /** Adds a publication (its text is kept once per version). */
  recordPublication(publication: Publication, text: string): Promise<void>
  /** The saved draft's text; undefined when none was saved (the draft is then the live model). */
  draft(): Promise<string | undefined>
  saveDraft(text: string): Promise<void>
}

/** The versions of the model, over the store's settings: no table of its own, so every adapter has it. */
export function createModelVersions(store: Pick<Store, 'readSetting' | 'writeSetting'>): ModelVersions {
  const publications = async (): Promise<Publication[]> => {
    const saved = await store.readSetting(PUBLISHED_KEY)
    if (saved === undefined) return []
    const parsed = publicationsSchema.safeParse(JSON.parse(saved))
    if (!parsed.success) {
      throw new UpscoreError('storage_failure', `the stored model publications are unreadable: ${parsed.error.message}`)
    }
    return parsed.data
  }
  return {
    publications,
    text: (version) => store.readSetting(textKey(version)),
    async recordPublication(publication, text) {
      // The text first: a publication is never listed without it.
      if ((await store.readSetting(textKey(publication.version))) === undefined) {
        await store.writeSetting(textKey(publication.version), text)
      }
      const all = await publications()
      await store.writeSetting(PUBLISHED_KEY, JSON.stringify([...all, publication]))
    },
    draft: () => store.readSetting(DRAFT_KEY),
    saveDraft: (text) => store.writeSetting(DRAFT_KEY, text),
  }
}
