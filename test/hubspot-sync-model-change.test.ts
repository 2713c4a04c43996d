import { describe, expect, it } from 'vitest'
import { checkModelText } from '../src/load-model.ts'
import { contactChange, contactsByEmail, drained, hubspotOf, startRigPerTest } from './hubspot-sync-harness.ts'

const startRig = startRigPerTest()

const small = checkModelText(
  [
    'name: small',
    'properties:',
    '  contact:',
    '    logins_total: { type: count, event: Signed In }',
    'scores:',
    '  small_score:',
    '    subject: contact',
    '    rules:',
    '      r: { when: logins_total >= 1, points: 1 }',
    '',
  ].join('\n'),
  'small.yaml',
)

describe('the sync switched to another model', () => {
  it('creates the new model’s properties before sending, and still sends pending values of the old one', async () => {
    if (!small.ok) throw new Error(small.problems.map((p) => p.message).join('\n'))
    const rig = await startRig()
    await rig.sync.stop()
    // Pending from the old model: a property the new one no longer has.
    await rig.change([contactChange(1, { widgets_created: '3' })])
    rig.sync.useModel(small.model)
    await rig.change([contactChange(1, { logins_total: '2', small_score: '1' })])
    await rig.sync.start()
    await drained(rig)

    expect((await contactsByEmail(rig)).get('c1@sync.test')).toMatchObject({
      widgets_created: '3',
      logins_total: '2',
      small_score: '1',
    })
    expect(await rig.store.deadLetterCount()).toBe(0)
    const created = await hubspotOf(rig).crm.properties.coreApi.getByName('contacts', 'small_score')
    expect(created.type).toBe('number')
  })

  it('refuses to switch while running', async () => {
    if (!small.ok) throw new Error('invalid test model')
    const rig = await startRig()
    expect(() => rig.sync.useModel(small.model)).toThrow(/stop the sync first/)
  })
})
