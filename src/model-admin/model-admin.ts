import { UpscoreError } from '../errors.ts'
import type { LiveModel, PublishStart } from '../live-model.ts'
import { checkModelText } from '../load-model.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import type { ModelProblem } from '../scoring/model-problem.ts'
import type { Store } from '../storage/store.ts'
import { cloneScore, type DraftEdit, setScoreActive } from './edit-draft.ts'
import { diffModels, type ModelDiff } from './model-diff.ts'
import type { ModelVersions, PublishSource } from './model-versions.ts'
import type { PublishOutcome, PublishProgress } from './publish-progress.ts'
import { yieldingStore } from './yielding-store.ts'

/** The draft as the API shows it. */
export interface DraftView {
  version: string
  name: string
  /** Whether the draft is the model scoring now (nothing to publish). */
  isLive: boolean
  text: string
  /** HubSpot-compatibility warnings of the text (with `hubspot: { lint: true }`): the draft is saved all the same. */
  warnings: { line: number; column: number; message: string }[]
}

/** A draft accepted, or every problem of the text refused (nothing changed then). */
export type DraftOutcome = { ok: true; draft: DraftView } | { ok: false; problems: ModelProblem[] }

export interface VersionView {
  version: string
  name: string
  publishedAtMs: number
  source: PublishSource
  /** The publication now scoring (the newest of its version). */
  isLive: boolean
}

/** HubSpot's score lifecycle on upscore's one model: a draft, publishing it, versions, clone and deactivate. */
export interface ModelAdmin {
  draft(): Promise<DraftView>
  saveDraft(text: string): Promise<DraftOutcome>
  /** Draft := the live model. */
  resetDraft(): Promise<DraftView>
  /** How contacts' scores would change from the live model to the draft, on current data. */
  diffDraft(): Promise<{ from: string; to: string } & ModelDiff>
  cloneScore(score: string, as: string): Promise<DraftOutcome>
  setScoreActive(score: string, isActive: boolean): Promise<DraftOutcome>
  publishDraft(): Promise<DraftOutcome | { ok: true; publish: PublishStart }>
  /** Publishes a version published before (a roll-back); the draft is left as it is. */
  publishVersion(version: string): Promise<DraftOutcome | { ok: true; publish: PublishStart }>
  /** Publications, newest first. */
  versions(): Promise<VersionView[]>
  versionText(version: string): Promise<string>
  status(): Promise<{ publishing: PublishProgress | undefined; lastPublish: PublishOutcome | undefined }>
}

type Checked = { ok: true; model: CompiledModel; warnings: ModelProblem[] } | { ok: false; problems: ModelProblem[] }

export function createModelAdmin(deps: {
  store: Store
  versions: ModelVersions
  live: LiveModel
  now: () => number
}): ModelAdmin {
  const { versions, live, now } = deps
  const check = (text: string): Checked => checkModelText(text, 'draft')
  const draftText = async () => (await versions.draft()) ?? live.text()
  const view = (model: CompiledModel, text: string, warnings: readonly ModelProblem[]): DraftView => ({
    version: model.version,
    name: model.name,
    isLive: model.version === live.model().version,
    text,
    warnings: warnings.map(({ line, column, message }) => ({ line, column, message })),
  })
  const save = async (text: string): Promise<DraftOutcome> => {
    const checked = check(text)
    if (!checked.ok) return checked
    await versions.saveDraft(text)
    return { ok: true, draft: view(checked.model, text, checked.warnings) }
  }
  const edit = async (change: (text: string) => DraftEdit): Promise<DraftOutcome> => {
    const edited = change(await draftText())
    if (!edited.ok) throw new UpscoreError(edited.code, edited.message)
    return save(edited.text)
  }
  const publish = async (text: string) => {
    const checked = check(text)
    if (!checked.ok) return checked
    return { ok: true as const, publish: await live.publish(checked.model, text, 'api') }
  }
  const versionText = async (version: string) => {
    const text = await versions.text(version)
    if (text === undefined) throw new UpscoreError('not_found', `no published model has version "${version}"`)
    return text
  }
  const compiledDraft = async () => {
    const text = await draftText()
    const checked = check(text)
    // A saved draft was valid; only an upgrade of upscore can make it invalid.
    if (!checked.ok) throw new UpscoreError('invalid_model_text', 'the draft is no longer valid: save it again')
    return { text, model: checked.model, warnings: checked.warnings }
  }

  return {
    async draft() {
      const { text, model, warnings } = await compiledDraft()
      return view(model, text, warnings)
    },
    saveDraft: save,
    async resetDraft() {
      await versions.saveDraft(live.text())
      const checked = check(live.text())
      return view(live.model(), live.text(), checked.ok ? checked.warnings : [])
    },
    async diffDraft() {
      const { model } = await compiledDraft()
      const before = live.model()
      const diff = await diffModels(yieldingStore(deps.store), before, model, now())
      return { from: before.version, to: model.version, ...diff }
    },
    cloneScore: (score, as) => edit((text) => cloneScore(text, score, as)),
    setScoreActive: (score, isActive) => edit((text) => setScoreActive(text, score, isActive)),
    publishDraft: async () => publish(await draftText()),
    publishVersion: async (version) => publish(await versionText(version)),
    async versions() {
      const all = await versions.publications()
      const liveVersion = live.model().version
      const newestLive = all.findLastIndex((p) => p.version === liveVersion)
      return all.map((p, i) => ({ ...p, isLive: i === newestLive })).reverse()
    },
    versionText,
    status: async () => ({ publishing: live.publishing(), lastPublish: live.lastPublish() }),
  }
}
