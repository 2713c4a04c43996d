import { describe, expect, it } from 'vitest'
import { checkModelText } from '../src/load-model.ts'
import { defaultText, identify, liveServicePerTest, track, withLoginsTotal } from './live-service-harness.ts'

const start = liveServicePerTest()

const clone = { score: 'lead_score_product_usage', as: 'lead_score_v2' }

describe('the draft routes', () => {
  it('need the admin token', async () => {
    const live = await start()
    const response = await fetch(`${live.service.url}/api/model/draft`, { method: 'PUT', body: withLoginsTotal })
    expect(response.status).toBe(401)
    expect((await live.api('GET', '/api/model/draft')).body.isLive).toBe(true)
  })
})

describe('cloning a score in the draft', () => {
  it('gives a valid draft with the score under its new name, comments kept', async () => {
    const live = await start()
    const answer = await live.api('POST', '/api/model/draft/clone', clone)
    expect(answer.status).toBe(200)
    expect(answer.body.isLive).toBe(false)
    const text: string = answer.body.text
    const checked = checkModelText(text, 'draft')
    expect(checked.ok).toBe(true)
    if (!checked.ok) return
    expect(checked.model.contactScores.map((s) => s.name)).toEqual(['lead_score_product_usage', 'lead_score_v2'])
    expect(checked.model.contactScores[1]?.label).toBe('Lead Score (Product Usage) (copy)')
    // The comments of the original are in the copy too.
    expect(text.split('# Activation milestones').length - 1).toBe(2)
    expect(text.startsWith("# upscore's default model")).toBe(true)
    expect((await live.api('GET', '/api/model/draft')).body.text).toBe(text)
  })

  it('answers 404 for an unknown score and 409 for a name taken, changing nothing', async () => {
    const live = await start()
    const before = (await live.api('GET', '/api/model/draft')).body.text
    const unknown = await live.api('POST', '/api/model/draft/clone', { score: 'nope', as: 'x' })
    expect(unknown.status).toBe(404)
    const taken = await live.api('POST', '/api/model/draft/clone', { ...clone, as: clone.score })
    expect(taken.status).toBe(409)
    const badName = await live.api('POST', '/api/model/draft/clone', { ...clone, as: 'Not A Name' })
    expect(badName.status).toBe(422)
    expect(badName.body.error.problems[0].message).toContain('Not A Name')
    expect((await live.api('POST', '/api/model/draft/clone', { score: 'x' })).status).toBe(400)
    expect((await live.api('GET', '/api/model/draft')).body.text).toBe(before)
  })
})

describe('deactivating a score', () => {
  it('takes it out of the contacts’ scores and the CRM properties, and keeps its history', async () => {
    const live = await start()
    await live.api('POST', '/api/model/draft/clone', clone)
    await live.api('POST', '/api/model/draft/publish')
    await live.settled()
    await live.send([identify('u1', 'one@x.test'), track('u1', 'Onboarding Completed', 1)])
    await live.settled()
    expect(Object.keys((await live.api('GET', '/api/contacts/u1')).body.scores)).toEqual([
      'lead_score_product_usage',
      'lead_score_v2',
    ])

    const deactivated = await live.api('POST', '/api/model/draft/deactivate', { score: 'lead_score_v2' })
    expect(deactivated.status).toBe(200)
    expect(deactivated.body.text).toContain('active: false')
    expect((await live.api('POST', '/api/model/draft/publish')).status).toBe(202)
    await live.settled()

    const u1 = (await live.api('GET', '/api/contacts/u1')).body
    expect(Object.keys(u1.scores)).toEqual(['lead_score_product_usage'])
    const model = (await live.api('GET', '/api/model')).body
    expect(model.inactiveScores).toEqual(['lead_score_v2'])
    expect(model.crmProperties.map((p: { name: string }) => p.name)).not.toContain('lead_score_v2')
    const history = (await live.api('GET', '/api/contacts/u1/history')).body.history
    expect(history.filter((h: { score: string }) => h.score === 'lead_score_v2').length).toBeGreaterThan(0)
  })

  it('is refused while another score reads it, saying so', async () => {
    const live = await start()
    const text = defaultText
      .replace(
        'scores:\n',
        'scores:\n  early:\n    subject: contact\n    active: false\n    rules:\n      onboarded: { when: has_completed_onboarding, points: 1 }\n',
      )
      .replace(
        '      plan_trial:',
        '      reads_early:\n        when: early >= 1\n        points: 1\n      plan_trial:',
      )
    const answer = await live.api('PUT', '/api/model/draft', text)
    expect(answer.status).toBe(422)
    expect(answer.body.error.problems).toEqual([
      expect.objectContaining({ message: 'unknown property or score "early": it is deactivated (active: false)' }),
    ])
  })
})

describe('the diff of the draft', () => {
  it('says how many contacts would change score and label, and by how much, changing nothing', async () => {
    const live = await start()
    await live.send([
      identify('u1', 'one@x.test'),
      track('u1', 'Signed In', 1),
      track('u1', 'Signed In', 2),
      identify('u2', 'two@x.test'),
    ])
    await live.settled()
    const liveVersion = (await live.api('GET', '/api/model')).body.version
    const draft = (await live.api('PUT', '/api/model/draft', withLoginsTotal)).body
    const diff = await live.api('GET', '/api/model/draft/diff')
    expect(diff.status).toBe(200)
    expect(diff.body).toMatchObject({
      from: liveVersion,
      to: draft.version,
      contacts: 2,
      onlyBefore: [],
      onlyAfter: [],
    })
    expect(diff.body.scores).toEqual([
      {
        score: 'lead_score_product_usage',
        compared: 2,
        changed: 1,
        up: 1,
        down: 0,
        meanChange: 7,
        labelMoves: [],
        largest: [{ id: 'u1', from: 10, to: 17 }],
      },
    ])
    expect((await live.api('GET', '/api/contacts/u1')).body.properties.logins_total).toBeUndefined()
  })
})
