import { describe, expect, it } from 'vitest'
import { crmValuesOf } from '../src/crm/crm-values.ts'
import { checkModelText } from '../src/load-model.ts'
import { contactChange, contactsByEmail, drained, hubspotOf, startRigPerTest } from './hubspot-sync-harness.ts'

const startRig = startRigPerTest()

const named = checkModelText(
  `name: named-outputs
properties:
  contact:
    logins_total: { type: count, event: Signed In }
scores:
  usage:
    subject: contact
    rules:
      active: { when: logins_total >= 1, points: 50 }
    labels: { hot: { min: 40, color: red }, cold: null }
    outputs:
      property: product_usage_score
      label: Product usage score
      label_property: { name: product_usage_tier, label: Usage tier }
`,
  'named.yaml',
)

describe('a score whose outputs the model names', () => {
  it('is provisioned in HubSpot under those names and labels, and its values are written there', async () => {
    if (!named.ok) throw new Error(named.problems.map((p) => p.message).join('\n'))
    const rig = await startRig({ start: false })
    rig.sync.useModel(named.model)
    const result = { value: 50, label: 'hot', reasons: [{ rule: 'active', points: 50 }] }
    const values = crmValuesOf(named.model, 'contacts', { logins_total: 2 }, { usage: result })
    await rig.change([contactChange(1, values)])
    await rig.sync.start()
    await drained(rig)

    const properties = hubspotOf(rig).crm.properties.coreApi
    expect(await properties.getByName('contacts', 'product_usage_score')).toMatchObject({
      label: 'Product usage score',
      type: 'number',
    })
    expect(await properties.getByName('contacts', 'product_usage_tier')).toMatchObject({ label: 'Usage tier' })
    expect((await contactsByEmail(rig)).get('c1@sync.test')).toMatchObject({
      product_usage_score: '50',
      product_usage_tier: 'hot',
      usage_reasons: 'Active +50',
    })
    expect(await rig.store.deadLetterCount()).toBe(0)
  })
})
