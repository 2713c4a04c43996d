import { describe, expect, it } from 'vitest'
import type { Event } from '../events/event.ts'
import { segmentTraitKind } from './segment-trait-kind.ts'

const identify = (traits: Record<string, unknown>, timestampMs = 0): Event => ({
  type: 'identify',
  messageId: `m${timestampMs}`,
  userId: 'u',
  properties: {},
  traits,
  timestampMs,
  receivedAtMs: timestampMs,
})

const isMember = (kind: ReturnType<typeof segmentTraitKind>, ...events: Event[]) =>
  kind.value(
    events.reduce((state, event) => kind.apply(state, event), kind.initial()),
    0,
  )

describe('static segment membership from a trait', () => {
  const beta = segmentTraitKind('beta_program', 'beta_program')

  it('makes a member of a subject whose trait is true, as a Segment Engage audience sets it', () => {
    expect(isMember(beta, identify({ beta_program: true }))).toBe(true)
    expect(isMember(beta, identify({ beta_program: 'true' }))).toBe(true)
  })

  it('is not a member before the trait is seen, or when it is false or null', () => {
    expect(isMember(beta)).toBe(false)
    expect(isMember(beta, identify({ other: true }))).toBe(false)
    expect(isMember(beta, identify({ beta_program: false }))).toBe(false)
    expect(isMember(beta, identify({ beta_program: null }))).toBe(false)
  })

  it('makes a member of a subject whose list-valued trait holds the entry, or whose trait is the entry', () => {
    const abm = segmentTraitKind('lists', 'ABM Tier 1')
    expect(isMember(abm, identify({ lists: ['Partners', 'ABM Tier 1'] }))).toBe(true)
    expect(isMember(abm, identify({ lists: 'ABM Tier 1' }))).toBe(true)
    expect(isMember(abm, identify({ lists: ['Partners'] }))).toBe(false)
    expect(isMember(abm, identify({ lists: 'ABM Tier 10' }))).toBe(false)
  })

  it('follows the latest trait by event time, whatever the order it arrives in', () => {
    expect(isMember(beta, identify({ beta_program: true }, 1), identify({ beta_program: false }, 2))).toBe(false)
    expect(isMember(beta, identify({ beta_program: false }, 2), identify({ beta_program: true }, 1))).toBe(false)
  })

  it('keeps the later answer when two contacts are found to be one person', () => {
    const later = beta.apply(beta.initial(), identify({ beta_program: true }, 5))
    const earlier = beta.apply(beta.initial(), identify({ beta_program: false }, 1))
    expect(beta.value(beta.merge(earlier, later), 0)).toBe(true)
    expect(beta.value(beta.merge(later, earlier), 0)).toBe(true)
  })
})
