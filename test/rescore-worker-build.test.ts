import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The model-change tests run the worker from the TypeScript sources; `upscore serve` runs the build. This drives the
// built JavaScript, worker file included, the way the service does.
const root = join(import.meta.dirname, '..')
const dist = (path: string) => pathToFileURL(join(root, 'dist', path)).href

const script = `
import { applyModelChange } from ${JSON.stringify(dist('pipeline/apply-model.js'))}
import { createProcessor } from ${JSON.stringify(dist('pipeline/processor.js'))}
import { checkModelText, loadModel, defaultModelPath } from ${JSON.stringify(dist('load-model.js'))}
import { openSqliteStore } from ${JSON.stringify(dist('storage/sqlite/sqlite-store.js'))}
import { readFileSync } from 'node:fs'

const [path] = process.argv.slice(2)
const store = openSqliteStore({ path, durableFsync: false })
const now = Date.now()
const events = []
for (let i = 0; i < 50; i++) {
  events.push({ type: 'identify', userId: 'u' + i, traits: { email: 'u' + i + '@x.test' } })
  events.push({ type: 'group', userId: 'u' + i, groupId: 'co' + (i % 5), traits: { plan: 'trial' } })
  events.push({ type: 'track', event: 'Onboarding Completed', userId: 'u' + i })
}
await store.appendEvents(events.map((e, n) => ({
  source: 'test',
  event: { messageId: 'm' + n, properties: {}, traits: {}, timestampMs: now, receivedAtMs: now, ...e },
})))
const model = loadModel(undefined)
const processor = createProcessor({ store, model, now: () => now })
await processor.start()
await processor.idle()
await processor.stop()
await applyModelChange(store, model, () => now, () => {})
const text = readFileSync(defaultModelPath, 'utf8').replace(
  'when: company.plan_type == "trial"\\n        points: 10',
  'when: company.plan_type == "trial"\\n        points: 12',
)
const checked = checkModelText(text, 'changed.yaml')
const lines = []
const report = await applyModelChange(store, checked.model, () => now, (line) => lines.push(line), { workerFromContacts: 0 })
const history = await store.history('contact', 'u7')
console.log(JSON.stringify({ report, lines, last: history.at(-1) }))
await store.close()
`

describe('the built package', () => {
  let dir: string
  beforeAll(() => {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root })
    dir = mkdtempSync(join(tmpdir(), 'upscore-worker-build-'))
    writeFileSync(join(dir, 'run.mjs'), script)
  }, 120_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('re-scores contacts on its worker thread after a model change', () => {
    const output = execFileSync(process.execPath, [join(dir, 'run.mjs'), join(dir, 'upscore.db')], {
      cwd: root,
      encoding: 'utf8',
    })
    const { report, lines, last } = JSON.parse(output.trim().split('\n').at(-1) as string)
    expect(report.contacts).toBe(50)
    expect(lines.some((line: string) => line.includes('worker thread'))).toBe(true)
    expect(last).toMatchObject({ cause: 'model' })
    expect(last.to - last.from).toBe(2)
  }, 60_000)
})
