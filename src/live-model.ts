import type { HubspotSync } from './crm/hubspot/hubspot-sync.ts'
import { UpscoreError } from './errors.ts'
import type { ModelVersions, PublishSource } from './model-admin/model-versions.ts'
import type { PublishOutcome, PublishProgress } from './model-admin/publish-progress.ts'
import { yieldingStore } from './model-admin/yielding-store.ts'
import { applyModelChange, type ModelChangeReport } from './pipeline/apply-model.ts'
import type { Processor, ProcessorStats } from './pipeline/processor.ts'
import { withStoredCutoffs } from './pipeline/stored-cutoffs.ts'
import type { CompiledModel } from './scoring/compiled-model.ts'
import type { Store } from './storage/store.ts'

export interface LiveModelOptions {
  store: Store
  versions: ModelVersions
  /** The model the service starts with, already applied to the stored state, and its text. */
  model: CompiledModel
  text: string
  /** The HubSpot sync; undefined when it is off. */
  sync: HubspotSync | undefined
  /** A processor scoring with a model (not started). */
  newProcessor: (model: CompiledModel) => Processor
  /** The clock, epoch ms. */
  now: () => number
  /** Where a switch reports its progress and outcome, one line at a time. */
  print: (line: string) => void
  /** Told when another model has become live, with its text. */
  onModelLive?: ((text: string) => void) | undefined
}

/** What a publish answers at once; the switch itself goes on in the background. */
export type PublishStart = { state: 'started' | 'unchanged'; version: string; name: string }

/**
 * The model a running service scores with, and the switch to another one. The processing loop and the HubSpot
 * sync are the only users of the model that keep it; everything else asks `model()` each time.
 */
export interface LiveModel {
  model(): CompiledModel
  text(): string
  /**
   * Makes `model` live: recorded as published at once, then processing stops between two steps, properties new or
   * changed are rebuilt from the event log and everything is re-scored (`applyModelChange`), the sync restarts with
   * the new CRM properties (provisioning them first) and processing resumes. Ingest goes on meanwhile; the events
   * that arrive are processed afterwards with the new model. Throws `conflict` while another switch runs.
   */
  publish(model: CompiledModel, text: string, source: PublishSource): Promise<PublishStart>
  /** The switch under way, if any. */
  publishing(): PublishProgress | undefined
  /** The last switch that finished since start. */
  lastPublish(): PublishOutcome | undefined
  /**
   * Runs `work` with the model live now while processing is stopped between two steps and the sync is stopped, then
   * resumes both: for a change to entity state that must have no other writer (forgetting a contact). Runs one at a
   * time; throws `conflict` while a model is being published.
   */
  whilePaused<T>(work: (model: CompiledModel) => Promise<T>): Promise<T>
  /** The processing loop, whichever model it runs with: `idle()` also waits for a switch under way. */
  processor: Processor
  /** Starts processing and the sync. */
  start(): Promise<void>
  /** Waits for a switch under way (it cannot be cut short without leaving the state half re-scored), then stops. */
  close(): Promise<void>
}

const sumStats = (a: ProcessorStats, b: ProcessorStats): ProcessorStats => ({
  eventsProcessed: a.eventsProcessed + b.eventsProcessed,
  contactsScored: a.contactsScored + b.contactsScored,
  companiesScored: a.companiesScored + b.companiesScored,
  timeSteps: a.timeSteps + b.timeSteps,
})

const startProgress = (model: CompiledModel, startedAtMs: number): PublishProgress => ({
  version: model.version,
  name: model.name,
  startedAtMs,
  step: 'stopping',
  done: 0,
  total: 0,
  failures: 0,
  lastError: undefined,
})

export function createLiveModel(options: LiveModelOptions): LiveModel {
  const { store, sync, now, print } = options
  let current = { model: options.model, text: options.text }
  let processor = options.newProcessor(current.model)
  let earlierStats: ProcessorStats = { eventsProcessed: 0, contactsScored: 0, companiesScored: 0, timeSteps: 0 }
  let progress: PublishProgress | undefined
  let switching: Promise<void> | undefined
  let outcome: PublishOutcome | undefined
  let closing = false
  /** The pauses asked for (`whilePaused`), one after another; settles when the last has resumed. */
  let pauses: Promise<unknown> | undefined

  const applyUntilDone = async (next: CompiledModel, shown: PublishProgress): Promise<ModelChangeReport> => {
    const onProgress = (step: PublishProgress['step'], done: number, total: number) =>
      Object.assign(shown, { step, done, total })
    for (;;) {
      try {
        return await applyModelChange(yieldingStore(store), await withStoredCutoffs(store, next), now, print, {
          onProgress,
        })
      } catch (error) {
        // The model was checked: what fails is the store. Stopping half-way would leave scores of both models.
        shown.failures += 1
        shown.lastError = (error as Error).message
        print(`publishing model ${next.version} failed, retrying in 1 s: ${(error as Error).stack ?? String(error)}`)
        if (closing) throw error
        await new Promise((resolve) => setTimeout(resolve, 1000))
      }
    }
  }

  const runSwitch = async (next: CompiledModel, text: string, shown: PublishProgress) => {
    await processor.stop()
    earlierStats = sumStats(earlierStats, processor.stats())
    if (sync !== undefined) {
      await sync.stop()
      sync.useModel(next)
      await sync.start()
    }
    const report = await applyUntilDone(next, shown)
    current = { model: next, text }
    options.onModelLive?.(text)
    shown.step = 'resuming'
    processor = options.newProcessor(next)
    await processor.start()
    outcome = {
      version: next.version,
      name: next.name,
      startedAtMs: shown.startedAtMs,
      finishedAtMs: now(),
      backfilled: report.backfilled,
      companies: report.companies,
      contacts: report.contacts,
    }
    print(`model "${next.name}" ${next.version} is live`)
  }

  const pauseFor = async <T>(work: (model: CompiledModel) => Promise<T>): Promise<T> => {
    await processor.stop()
    earlierStats = sumStats(earlierStats, processor.stats())
    await sync?.stop()
    try {
      return await work(current.model)
    } finally {
      await sync?.start()
      processor = options.newProcessor(current.model)
      await processor.start()
    }
  }

  const facade: Processor = {
    start: () => processor.start(),
    wake: () => processor.wake(),
    stop: () => processor.stop(),
    async idle() {
      while (switching !== undefined || pauses !== undefined) await (switching ?? pauses)
      await processor.idle()
    },
    stats: () => sumStats(earlierStats, processor.stats()),
  }

  return {
    model: () => current.model,
    text: () => current.text,
    async publish(next, text, source) {
      if (switching !== undefined) {
        throw new UpscoreError('conflict', `model ${progress?.version} is being published; try again when it is live`)
      }
      if (pauses !== undefined)
        throw new UpscoreError('conflict', 'processing is paused (a contact is being forgotten); try again in a moment')
      if (next.version === current.model.version) return { state: 'unchanged', version: next.version, name: next.name }
      const shown = startProgress(next, now())
      progress = shown
      // Recorded first: after a crash mid-switch, a restart applies the published model again.
      const recorded = options.versions.recordPublication(
        { version: next.version, name: next.name, publishedAtMs: shown.startedAtMs, source },
        text,
      )
      // Claimed before the first await, so that a second publish sees it.
      switching = recorded
        .then(() => {
          print(`publishing model "${next.name}" ${next.version}: processing pauses, ingest goes on`)
          return runSwitch(next, text, shown)
        })
        .catch((error: Error) => print(`publishing model ${next.version} stopped: ${error.message}`))
        .finally(() => {
          progress = undefined
          switching = undefined
        })
      await recorded
      return { state: 'started', version: next.version, name: next.name }
    },
    async whilePaused(work) {
      if (switching !== undefined) {
        throw new UpscoreError('conflict', `model ${progress?.version} is being published; try again when it is live`)
      }
      if (closing) throw new UpscoreError('conflict', 'the service is stopping')
      const run = (pauses ?? Promise.resolve()).then(() => pauseFor(work))
      const settled = run.catch(() => undefined)
      pauses = settled
      settled.then(() => {
        if (pauses === settled) pauses = undefined
      })
      return run
    },
    publishing: () => (progress === undefined ? undefined : { ...progress }),
    lastPublish: () => outcome,
    processor: facade,
    async start() {
      await processor.start()
      await sync?.start()
    },
    async close() {
      closing = true
      if (switching !== undefined) print('waiting for the model being published to be live before stopping')
      while (switching !== undefined) await switching
      while (pauses !== undefined) await pauses
      await processor.stop()
      await sync?.stop()
    },
  }
}
