import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultText, identify, liveServicePerTest, track, withLoginsTotal } from './live-service-harness.ts'

const start = liveServicePerTest()
const steps = /^(stopping|backfill|companies|contacts|resuming)$/

describe('publishing a draft on a running service', () => {
  it('backfills a new property, re-scores with cause "model" and loses no event ingested meanwhile', async () => {
    const live = await start()
    // Other contacts, so that re-scoring everyone takes a while.
    for (let batch = 0; batch < 4; batch++) {
      await live.send(Array.from({ length: 500 }, (_, i) => track(`other-${batch}-${i}`, 'Widget Created', 0)))
    }
    await live.send([
      identify('u1', 'one@x.test'),
      ...Array.from({ length: 20 }, (_, i) => track('u1', 'Signed In', i)),
    ])
    await live.settled()
    const before = (await live.api('GET', '/api/contacts/u1')).body.scores.lead_score_product_usage.value

    expect((await live.api('PUT', '/api/model/draft', withLoginsTotal)).status).toBe(200)
    const publish = await live.api('POST', '/api/model/draft/publish')
    expect(publish.status).toBe(202)
    expect(publish.body.state).toBe('started')
    // Events keep coming while the publish runs, one login per request.
    let sentDuring = 0
    const stepsSeen = new Set<string>()
    for (;;) {
      const { publishing } = (await live.api('GET', '/api/model')).body
      if (publishing === null) break
      expect(publishing).toMatchObject({ version: publish.body.version, step: expect.stringMatching(steps) })
      stepsSeen.add(publishing.step)
      expect(await live.send([track('u1', 'Signed In', 20 + sentDuring)])).toBe(1)
      sentDuring++
    }
    expect(sentDuring).toBeGreaterThan(0)
    // The steps of the change reach the API as it goes.
    expect([...stepsSeen].some((step) => step !== 'stopping')).toBe(true)
    await live.settled()

    const model = (await live.api('GET', '/api/model')).body
    expect(model.version).toBe(publish.body.version)
    expect(model.lastPublish).toMatchObject({ version: publish.body.version, backfilled: ['logins_total'] })
    const u1 = (await live.api('GET', '/api/contacts/u1')).body
    // Every login once: the 20 before the publish rebuilt from the log, those during it processed afterwards.
    expect(u1.properties.logins_total).toBe(20 + sentDuring)
    expect(u1.scores.lead_score_product_usage.value).toBe(before + 7)
    const history = (await live.api('GET', '/api/contacts/u1/history')).body.history
    expect(history.filter((h: { cause: string }) => h.cause === 'model')).toEqual([
      expect.objectContaining({ from: before, to: before + 7 }),
    ])

    // Processing goes on with the new model.
    await live.send([identify('u2', 'two@x.test'), track('u2', 'Signed In', 1), track('u2', 'Signed In', 2)])
    await live.settled()
    expect((await live.api('GET', '/api/contacts/u2')).body.properties.logins_total).toBe(2)
  })

  it('refuses a publish while another one runs with 409', async () => {
    const live = await start()
    await live.send([identify('u1', 'one@x.test'), track('u1', 'Signed In', 1)])
    await live.settled()
    await live.api('PUT', '/api/model/draft', withLoginsTotal)
    const [first, second] = await Promise.all([
      live.api('POST', '/api/model/draft/publish'),
      live.api('POST', '/api/model/draft/publish'),
    ])
    expect([first.status, second.status].sort()).toEqual([202, 409])
    expect((first.status === 409 ? first : second).body.error.code).toBe('conflict')
    await live.settled()
  })

  it('answers 200 "unchanged" when the draft is the live model', async () => {
    const live = await start()
    const publish = await live.api('POST', '/api/model/draft/publish')
    expect(publish).toMatchObject({ status: 200, body: { state: 'unchanged' } })
  })
})

describe('an invalid draft', () => {
  it('is refused with 422 and every problem located, and changes nothing', async () => {
    const live = await start()
    const liveVersion = (await live.api('GET', '/api/model')).body.version
    const broken = defaultText
      .replace('        when: has_completed_onboarding\n', '        when: has_completed_onboardin\n')
      .replace('      window: 7d\n', '      window: 7 days\n')
    const answer = await live.api('PUT', '/api/model/draft', broken)
    expect(answer.status).toBe(422)
    expect(answer.body.error.code).toBe('invalid_model_text')
    expect(answer.body.error.problems.length).toBe(2)
    const lines = broken.split('\n')
    for (const problem of answer.body.error.problems) {
      expect(problem).toEqual({ line: expect.any(Number), column: expect.any(Number), message: expect.any(String) })
    }
    const unknown = answer.body.error.problems.find((p: { message: string }) => p.message.includes('unknown'))
    expect(lines[unknown.line - 1]).toContain('has_completed_onboardin')

    const draft = (await live.api('GET', '/api/model/draft')).body
    expect(draft).toMatchObject({ version: liveVersion, isLive: true, text: defaultText })
    expect((await live.api('GET', '/api/model')).body.version).toBe(liveVersion)
  })
})

describe('versions', () => {
  it('lists every publication newest first, publishes an older one back and resets the draft', async () => {
    const live = await start()
    const first = (await live.api('GET', '/api/model')).body.version
    await live.api('PUT', '/api/model/draft', withLoginsTotal)
    const second = (await live.api('POST', '/api/model/draft/publish')).body.version
    await live.settled()

    const rollback = await live.api('POST', `/api/model/versions/${first}/publish`)
    expect(rollback.status).toBe(202)
    await live.settled()
    expect((await live.api('GET', '/api/model')).body.version).toBe(first)
    const versions = (await live.api('GET', '/api/model/versions')).body.versions
    expect(versions.map((v: { version: string; source: string }) => [v.version, v.source])).toEqual([
      [first, 'api'],
      [second, 'api'],
      [first, 'default'],
    ])
    expect(versions.map((v: { isLive: boolean }) => v.isLive)).toEqual([true, false, false])
    expect((await live.api('GET', `/api/model/versions/${second}`)).body.text).toBe(withLoginsTotal)

    // The draft was left as it was; a reset makes it the live model again.
    expect((await live.api('GET', '/api/model/draft')).body).toMatchObject({ version: second, isLive: false })
    expect((await live.api('POST', '/api/model/draft/reset')).body).toMatchObject({ version: first, isLive: true })
    expect((await live.api('GET', '/api/model/draft')).body.text).toBe(defaultText)
    expect((await live.api('POST', '/api/model/versions/nope/publish')).status).toBe(404)
  })
})

describe('the model a restart starts with', () => {
  it('is the one last published when no model file is given', async () => {
    const live = await start()
    await live.api('PUT', '/api/model/draft', withLoginsTotal)
    const published = (await live.api('POST', '/api/model/draft/publish')).body.version
    await live.settled()
    await live.close()

    const again = await start({ dataDir: live.dataDir })
    expect((await again.api('GET', '/api/model')).body.version).toBe(published)
    expect(again.lines.some((line) => line.includes(`${published}, data in`))).toBe(true)
  })

  it('is a model file given with UPSCORE_MODEL, published at start', async () => {
    const live = await start()
    await live.api('PUT', '/api/model/draft', withLoginsTotal)
    await live.api('POST', '/api/model/draft/publish')
    await live.settled()
    await live.close()

    const file = join(live.dataDir, 'model.yaml')
    writeFileSync(file, defaultText.replace('name: default', 'name: from-file'))
    const again = await start({ dataDir: live.dataDir, modelPath: file })
    expect((await again.api('GET', '/api/model')).body.name).toBe('from-file')
    const versions = (await again.api('GET', '/api/model/versions')).body.versions
    expect(versions[0]).toMatchObject({ name: 'from-file', source: 'file', isLive: true })
    expect(again.lines.some((line) => line.includes('replaces the model last published'))).toBe(true)
  })
})
