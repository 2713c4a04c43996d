import { describe, expect, it } from 'vitest'
import { trackEvent } from '../../test/track-event.ts'
import { checkModelText } from '../load-model.ts'
import { applyEvent, emptyEntityState } from '../properties/entity-state.ts'
import { evaluateContact } from './evaluate-entity.ts'

const NOW = Date.parse('2026-11-26T12:00:00Z')
const HOUR = 3_600_000

describe('frequency bands with reset_on', () => {
  it('count the events after the reset only, and not the reset itself', () => {
    const checked = checkModelText(
      `properties: {}
scores:
  s:
    subject: contact
    reset_on: Deal Lost
    rules:
      logins:
        event: [Signed In, Deal Lost]
        frequency: [{ exactly: 1, points: 2 }, { between: [2, 4], points: 5 }, { at_least: 5, points: 10 }]
`,
      'm.yaml',
    )
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
    const state = emptyEntityState()
    for (const hoursAgo of [5, 4, 3])
      applyEvent(checked.model.contact, state, trackEvent('Signed In', NOW - hoursAgo * HOUR))
    applyEvent(checked.model.contact, state, trackEvent('Deal Lost', NOW - 2 * HOUR))
    applyEvent(checked.model.contact, state, trackEvent('Signed In', NOW - HOUR))
    expect(evaluateContact(checked.model, state, {}, NOW).scores.s?.value).toBe(2)
  })
})
