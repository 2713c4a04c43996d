import { describe, expect, it } from 'vitest'
import {
  companyChange,
  contactChange,
  contactsByEmail,
  drained,
  hubspotOf,
  startRigPerTest,
} from './hubspot-sync-harness.ts'

const startRig = startRigPerTest()

describe('HubSpot sync and the records HubSpot holds', () => {
  it('moves a poisoned record to the dead letters and sends the rest', async () => {
    const rig = await startRig()
    await rig.change([
      ...Array.from({ length: 20 }, (_, n) => contactChange(n, { logins_last_7_days: String(n) })),
      contactChange(100, { logins_last_7_days: 'lots' }),
      contactChange(101, { logins_last_7_days: '1' }, { idValue: 'not-an-email' }),
    ])
    await drained(rig)
    const contacts = await contactsByEmail(rig)
    for (let n = 0; n < 20; n++) expect(contacts.get(`c${n}@sync.test`)?.logins_last_7_days).toBe(String(n))
    expect(contacts.has('c100@sync.test')).toBe(false)
    const letters = await rig.store.deadLetters(10)
    const byEntity = new Map(letters.map((letter) => [letter.entityId, letter.reason]))
    expect(byEntity.get('u-100')).toMatch(/"lots" is not a number/)
    expect(byEntity.get('u-101')).toMatch(/VALIDATION_ERROR.*not-an-email/)
    expect(letters).toHaveLength(2)
    expect((await rig.sync.health()).deadLetters).toBe(2)
  })

  it('follows a contact that HubSpot merged into another', async () => {
    const rig = await startRig()
    await rig.change([contactChange(1, { logins_last_7_days: '1' }), contactChange(2, { logins_last_7_days: '2' })])
    await drained(rig)
    const before = await contactsByEmail(rig)
    const merged = before.get('c1@sync.test')?.hs_object_id ?? ''
    const primary = before.get('c2@sync.test')?.hs_object_id ?? ''
    await rig.simPost('/_sim/merge', { objectType: 'contacts', primaryId: primary, mergedId: merged })

    await rig.change([
      companyChange('acme', { name: 'Acme', plan_type: 'paying' }),
      contactChange(1, { logins_last_7_days: '5', lead_score_product_usage: '25' }, { companyId: 'acme' }),
    ])
    await drained(rig)
    const records = await rig.objects('contacts')
    expect(records).toHaveLength(1)
    const hubspot = hubspotOf(rig)
    const found = await hubspot.crm.contacts.basicApi.getById(
      'c1@sync.test',
      ['logins_last_7_days', 'lead_score_product_usage', 'email'],
      undefined,
      undefined,
      false,
      'email',
    )
    expect(found.id).toBe(primary)
    expect(found.properties).toMatchObject({ logins_last_7_days: '5', lead_score_product_usage: '25' })
    expect((await rig.store.crmIds('contacts', ['u-1'])).get('u-1')).toBe(primary)
    const associations = await hubspot.crm.associations.v4.basicApi.getPage('contacts', primary, 'companies')
    const acme = (await rig.store.crmIds('companies', ['acme'])).get('acme')
    expect(associations.results.map((a) => a.toObjectId)).toEqual([acme])
    expect(rig.logs.some((line) => line.includes(`now answers as record ${primary} (was ${merged})`))).toBe(true)
  })

  it('re-reads a company that HubSpot merged before associating a contact with it', async () => {
    const rig = await startRig()
    await rig.change([companyChange('acme', { name: 'Acme' })])
    await drained(rig)
    const acmeId = (await rig.store.crmIds('companies', ['acme'])).get('acme') ?? ''
    // Someone in HubSpot created "Acme Inc." by hand and merged upscore's record into it.
    const hubspot = hubspotOf(rig)
    const manual = await hubspot.crm.companies.basicApi.create({ properties: { name: 'Acme Inc.' }, associations: [] })
    await rig.simPost('/_sim/merge', { objectType: 'companies', primaryId: manual.id, mergedId: acmeId })

    await rig.change([contactChange(1, { lead_score_product_usage: '10' }, { companyId: 'acme' })])
    await drained(rig)
    expect((await rig.store.crmIds('companies', ['acme'])).get('acme')).toBe(manual.id)
    const contactId = (await rig.store.crmIds('contacts', ['u-1'])).get('u-1') ?? ''
    const associations = await hubspot.crm.associations.v4.basicApi.getPage('contacts', contactId, 'companies')
    expect(associations.results.map((a) => a.toObjectId)).toEqual([manual.id])
  })

  it('writes to the contact that holds an email as a secondary address', async () => {
    const rig = await startRig()
    await rig.change([contactChange(1, { logins_last_7_days: '1' })])
    await drained(rig)
    const holderId = (await rig.store.crmIds('contacts', ['u-1'])).get('u-1') ?? ''
    await fetch(`${rig.url}/contacts/v1/secondary-email/${holderId}/email/alias@sync.test`, {
      method: 'PUT',
      headers: { authorization: 'Bearer pat-test' },
    })
    await rig.change([contactChange(7, { logins_last_7_days: '7' }, { idValue: 'Alias@Sync.test' })])
    await drained(rig)
    const records = await rig.objects('contacts')
    expect(records).toHaveLength(1)
    expect(records[0]?.properties.logins_last_7_days).toBe('7')
    expect((await rig.store.crmIds('contacts', ['u-7'])).get('u-7')).toBe(holderId)
  })
})
