import { describe, expect, it } from 'vitest'
import type { Event } from '../events/event.ts'
import { currentContactOf, type IdentityKey, planIdentities, userIdOfContactId } from './plan-identities.ts'

const event = (fields: Partial<Event>): Event => ({
  type: 'track',
  messageId: 'm',
  event: 'x',
  properties: {},
  traits: {},
  timestampMs: 0,
  receivedAtMs: 0,
  ...fields,
})

describe('planIdentities', () => {
  it('gives a userId its own contact', () => {
    const plan = planIdentities([event({ userId: 'u1' })], new Map())
    expect(plan.contactOfEvent).toEqual(['u1'])
    expect(plan.links.get('user:u1')).toBe('u1')
  })

  it('never lets a userId name the contact of an anonymous id, nor two userIds one contact', () => {
    const events = [
      event({ anonymousId: 'abc' }),
      event({ userId: 'anon:abc' }),
      event({ userId: 'user:abc' }),
      event({ userId: 'abc' }),
      event({ userId: 'user:user:abc' }),
    ]
    const plan = planIdentities(events, new Map())
    expect(new Set(plan.contactOfEvent).size).toBe(events.length)
    expect(plan.merges).toEqual([])
    expect(events.map((e) => currentContactOf(e, new Map()))).toEqual(plan.contactOfEvent)
    expect(plan.contactOfEvent.map((id) => userIdOfContactId(id as string))).toEqual([
      undefined,
      'anon:abc',
      'user:abc',
      'abc',
      'user:user:abc',
    ])
  })

  it('keeps an anonymous visitor on an anonymous contact', () => {
    const plan = planIdentities([event({ anonymousId: 'a1' })], new Map())
    expect(plan.contactOfEvent).toEqual(['anon:a1'])
  })

  it('folds the anonymous contact into the user when identify carries both ids', () => {
    const plan = planIdentities(
      [
        event({ anonymousId: 'a1' }),
        event({ type: 'identify', userId: 'u1', anonymousId: 'a1' }),
        event({ anonymousId: 'a1' }),
      ],
      new Map(),
    )
    expect(plan.contactOfEvent).toEqual(['anon:a1', 'u1', 'u1'])
    expect(plan.merges).toEqual([{ beforeEvent: 1, from: 'anon:a1', into: 'u1' }])
    expect(plan.links.get('anon:a1')).toBe('u1')
  })

  it('uses links stored by earlier batches', () => {
    const known = new Map<IdentityKey, string>([['anon:a1', 'u1']])
    const plan = planIdentities([event({ anonymousId: 'a1' })], known)
    expect(plan.contactOfEvent).toEqual(['u1'])
    expect(plan.merges).toEqual([])
  })

  it('folds the previous id of an alias into the new user', () => {
    const known = new Map<IdentityKey, string>([['user:old', 'old']])
    const plan = planIdentities([event({ type: 'alias', userId: 'new', previousId: 'old' })], known)
    expect(plan.merges).toEqual([{ beforeEvent: 0, from: 'old', into: 'new' }])
    expect(plan.links.get('user:old')).toBe('new')
  })

  it('does not merge a contact into itself when identify repeats', () => {
    const known = new Map<IdentityKey, string>([
      ['anon:a1', 'u1'],
      ['user:u1', 'u1'],
    ])
    const plan = planIdentities([event({ type: 'identify', userId: 'u1', anonymousId: 'a1' })], known)
    expect(plan.merges).toEqual([])
  })

  it('skips an event with no id', () => {
    expect(planIdentities([event({})], new Map()).contactOfEvent).toEqual([undefined])
  })
})
