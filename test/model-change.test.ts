import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Event } from '../src/events/event.ts'
import { checkModelText, defaultModelPath } from '../src/load-model.ts'
import { applyModelChange } from '../src/pipeline/apply-model.ts'
import { createProcessor } from '../src/pipeline/processor.ts'
import type { CompiledModel } from '../src/scoring/compiled-model.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import type { Store } from '../src/storage/store.ts'
import { appendTestEvents } from './append-test-events.ts'

const defaultText = readFileSync(defaultModelPath, 'utf8')
const withRollup = defaultText.replace(
  '  company:\n',
  '  company:\n    best_lead_score:\n      type: rollup\n      of: lead_score_product_usage\n      fn: max\n',
)
/** The trial plan worth 12 points instead of 10: every trial contact's score moves, no property is rebuilt. */
const trialWorth12 = (text: string) =>
  text.replace(
    'when: company.plan_type == "trial"\n        points: 10',
    'when: company.plan_type == "trial"\n        points: 12',
  )
const compile = (text: string): CompiledModel => {
  const checked = checkModelText(text, 'model.yaml')
  if (!checked.ok) throw new Error(checked.problems.map((p) => p.message).join('\n'))
  return checked.model
}
const NOW = Date.parse('2026-11-26T12:00:00Z')
const HOUR = 3_600_000

// Both ways a model change re-scores contacts: here, and read and evaluated on a worker thread.
describe.each([
  { way: 'on this thread', options: { workerFromContacts: Number.POSITIVE_INFINITY } },
  { way: 'on a worker thread', options: { workerFromContacts: 0 } },
])('a model change, contacts re-scored $way', ({ options }) => {
  let dir: string
  let store: Store
  const lines: string[] = []

  const processWith = async (model: CompiledModel, events: Partial<Event>[]) => {
    await applyModelChange(
      store,
      model,
      () => NOW,
      (line) => lines.push(line),
    )
    await appendTestEvents(store, NOW - HOUR, events)
    const processor = createProcessor({ store, model, now: () => NOW })
    await processor.start()
    await processor.idle()
    await processor.stop()
  }

  /** u1 and u2 join one company, on the trial plan. */
  const joinAcme: Partial<Event>[] = [
    { type: 'group', userId: 'u1', groupId: 'acme', traits: { plan: 'trial' } },
    { type: 'group', userId: 'u2', groupId: 'acme', traits: { plan: 'trial' } },
  ]
  /** Applies a changed model the way the test's re-score path does, to `target` (the store by default). */
  const changeTo = (text: string, target: Store = store) =>
    applyModelChange(
      target,
      compile(text),
      () => NOW,
      (line) => lines.push(line),
      options,
    )

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upscore-model-change-'))
    store = openSqliteStore({ path: join(dir, 'db'), durableFsync: false })
    await processWith(compile(defaultText), [
      { type: 'identify', userId: 'u1', traits: { email: 'one@x.test' } },
      { userId: 'u1', event: 'Signed In' },
      { userId: 'u1', event: 'Signed In', timestampMs: NOW - 30 * 24 * HOUR },
      { userId: 'u1', event: 'Widget Created' },
      { type: 'identify', userId: 'u2', traits: { email: 'two@x.test' } },
    ])
    await store.confirmOutbox((await store.readOutbox('contacts', 10)).map((e) => e))
    lines.length = 0
  })
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('does nothing when the model is the one last used', async () => {
    const report = await applyModelChange(
      store,
      compile(defaultText),
      () => NOW,
      () => {},
    )
    expect(report.changed).toBe(false)
  })

  it('rebuilds a new property from the event log and re-scores with cause "model"', async () => {
    const changed = defaultText
      .replace(
        '    days_since_last_login:',
        '    logins_total:\n      type: count\n      event: Signed In\n    days_since_last_login:',
      )
      .replace(
        '      plan_trial:',
        '      loyal:\n        when: logins_total >= 2\n        points: 7\n      plan_trial:',
      )
    const report = await changeTo(changed)
    expect(report.backfilled).toEqual(['logins_total'])
    const u1 = await store.findContact('u1')
    expect(u1?.values.logins_total).toBe(2)
    expect(u1?.scores.lead_score_product_usage?.value).toBe(5 + 1 + 7)
    expect((await store.history('contact', 'u1')).at(-1)).toMatchObject({
      from: 6,
      to: 13,
      delta: 7,
      cause: 'model',
      events: [],
      propertyChanges: [{ property: 'logins_total', from: null, to: 2 }],
    })
    expect(lines.some((line) => line.includes('100%'))).toBe(true)
    expect(lines.some((line) => line.includes('worker thread'))).toBe(options.workerFromContacts === 0)
  })

  it('tells its progress as values, step by step, whatever it prints', async () => {
    const seen: string[] = []
    await applyModelChange(
      store,
      compile(trialWorth12(defaultText)),
      () => NOW,
      () => {},
      {
        ...options,
        onProgress: (step, done, total) => seen.push(`${step} ${done}/${total}`),
      },
    )
    expect(seen).toEqual(['companies 0/0', 'contacts 2/2'])
  })

  it("settles a company's roll-up of its members' scores once every member is re-scored", async () => {
    await processWith(compile(withRollup), joinAcme)
    const before = await store.getCompany('acme')
    const bestBefore = before?.values.best_lead_score as number
    await changeTo(trialWorth12(withRollup))
    const scores = await Promise.all(
      ['u1', 'u2'].map(async (id) => (await store.findContact(id))?.scores.lead_score_product_usage?.value ?? 0),
    )
    expect((await store.getCompany('acme'))?.values.best_lead_score).toBe(Math.max(...scores))
    expect(Math.max(...scores)).toBe(bestBefore + 2)
  })

  it('settles a roll-up when a re-score that stopped half-way is run again', async () => {
    await processWith(compile(withRollup), joinAcme)
    const bestBefore = (await store.getCompany('acme'))?.values.best_lead_score as number
    const changed = trialWorth12(withRollup)
    // Commits: the companies' page, the contacts' page, then the shares applied to acme — which fails, as a full
    // disk or a crash would stop it; the contacts are written with their new scores, their company is not.
    let commits = 0
    const failing = new Proxy(store, {
      get(target, key) {
        const value = Reflect.get(target, key, target)
        if (key !== 'commit') return typeof value === 'function' ? value.bind(target) : value
        return async (step: Parameters<Store['commit']>[0]) => {
          if (++commits === 3) throw new Error('disk full')
          return target.commit(step)
        }
      },
    })
    await expect(changeTo(changed, failing)).rejects.toThrow('disk full')
    await changeTo(changed)
    const u1 = (await store.findContact('u1'))?.scores.lead_score_product_usage?.value
    expect(u1).toBe(bestBefore + 2)
    expect((await store.getCompany('acme'))?.values.best_lead_score).toBe(u1)
  })

  it('rolls up a property rebuilt from the log, with the shares companies hold read from their state', async () => {
    await processWith(compile(defaultText), joinAcme)
    const activeBefore = (await store.getCompany('acme'))?.values.active_users_count
    const changed = defaultText
      .replace(
        '    days_since_last_login:',
        '    logins_total:\n      type: count\n      event: Signed In\n    days_since_last_login:',
      )
      .replace(
        '  company:\n',
        '  company:\n    team_logins:\n      type: rollup\n      of: logins_total\n      fn: sum\n',
      )
    const report = await changeTo(changed)
    expect(report.backfilled).toEqual(['logins_total', 'team_logins'])
    const acme = await store.getCompany('acme')
    expect(acme?.values.team_logins).toBe(2)
    expect(acme?.values.active_users_count).toBe(activeBefore)
  })

  it('fires a trigger added to the model for the subjects that already meet it, and stores that it fired', async () => {
    const withTrigger = `${defaultText}
triggers:
  widget_maker:
    subject: contact
    when: widgets_created >= 1
    property: became_widget_maker_at
`
    await changeTo(withTrigger)
    const u1 = await store.findContact('u1')
    expect(u1?.values.became_widget_maker_at).toBe(new Date(NOW).toISOString())
    expect((u1?.state as { triggers?: Record<string, unknown> } | undefined)?.triggers?.widget_maker).toEqual({
      firedAtMs: NOW,
      holding: true,
    })
    expect((await store.findContact('u2'))?.values.became_widget_maker_at).toBeNull()
  })

  it('sends the CRM only what really changed', async () => {
    const changed = defaultText.replace(
      '        when: has_completed_onboarding\n        points: 20',
      '        when: has_completed_onboarding\n        points: 25',
    )
    await changeTo(changed)
    // Nobody completed onboarding: no score moved, nothing to send.
    expect(await store.readOutbox('contacts', 10)).toEqual([])
    expect((await store.history('contact', 'u1')).filter((h) => h.cause === 'model')).toEqual([])
  })
})
