import { describe, expect, it } from 'vitest'
import { createMessageIds } from './message-ids.ts'
import type { PersonaName } from './persona.ts'
import { generatePopulation } from './population.ts'
import { createSeededRandom } from './seeded-random.ts'
import type { SegmentMessage } from './segment-message.ts'

const NOW_MS = Date.parse('2026-11-26T16:00:00.000Z')
const DAY_MS = 86_400_000
const MILESTONES = ['Onboarding Completed', 'Integration Connected', 'Report Generated', 'Invite Sent']

const population = generatePopulation({
  userCount: 300,
  companyCount: 60,
  nowMs: NOW_MS,
  random: createSeededRandom(21),
  nextMessageId: createMessageIds('p'),
})

function tracksOf(persona: PersonaName): { userId: string; tracks: { event: string; ageMs: number }[] }[] {
  const byUser = new Map<string, SegmentMessage[]>()
  for (const message of population.messages)
    byUser.set(message.userId, [...(byUser.get(message.userId) ?? []), message])
  const users = population.users.filter((user) => user.persona === persona)
  expect(users.length).toBeGreaterThan(0)
  return users.map((user) => ({
    userId: user.userId,
    tracks: (byUser.get(user.userId) ?? []).flatMap((m) =>
      m.type === 'track' ? [{ event: m.event, ageMs: NOW_MS - Date.parse(m.timestamp) }] : [],
    ),
  }))
}

const signIns = (tracks: { event: string; ageMs: number }[]) => tracks.filter((t) => t.event === 'Signed In')
const count = (tracks: { event: string }[], event: string) => tracks.filter((t) => t.event === event).length

describe('personas', () => {
  it('champions reach all four milestones, build widgets, call the API and sign in most days of the week', () => {
    for (const { tracks } of tracksOf('champion')) {
      for (const milestone of MILESTONES) expect(count(tracks, milestone)).toBeGreaterThan(0)
      expect(count(tracks, 'Widget Created')).toBeGreaterThanOrEqual(6)
      expect(tracks.filter((t) => t.event === 'API Call' && t.ageMs < 7 * DAY_MS).length).toBeGreaterThan(20)
      expect(signIns(tracks).filter((t) => t.ageMs < 7 * DAY_MS).length).toBeGreaterThanOrEqual(4)
      expect(Math.min(...signIns(tracks).map((t) => t.ageMs))).toBeLessThan(DAY_MS)
    }
  })

  it('evaluators sign in within the last 4 days and reach some milestones but not all', () => {
    const evaluators = tracksOf('evaluator')
    for (const { tracks } of evaluators)
      expect(Math.min(...signIns(tracks).map((t) => t.ageMs))).toBeLessThan(4 * DAY_MS)
    const reached = evaluators.map(({ tracks }) => MILESTONES.filter((m) => count(tracks, m) > 0).length)
    expect(reached.some((n) => n > 0)).toBe(true)
    expect(reached.filter((n) => n === 4).length).toBeLessThan(evaluators.length / 4)
  })

  it('tourists sign in once or twice and reach no milestone', () => {
    for (const { tracks } of tracksOf('tourist')) {
      expect(signIns(tracks).length).toBeGreaterThanOrEqual(1)
      expect(signIns(tracks).length).toBeLessThanOrEqual(2)
      for (const milestone of MILESTONES) expect(count(tracks, milestone)).toBe(0)
    }
  })

  it('fading users have no Signed In in the last 4 days but one within 8 days (the −5 tier)', () => {
    for (const { tracks } of tracksOf('fading')) {
      const latestAgeMs = Math.min(...signIns(tracks).map((t) => t.ageMs))
      expect(latestAgeMs).toBeGreaterThanOrEqual(4 * DAY_MS)
      expect(latestAgeMs).toBeLessThan(8 * DAY_MS)
      expect(tracks.filter((t) => t.ageMs < 4 * DAY_MS)).toEqual([])
    }
  })

  it('dormant users have no event at all in the last 8 days (the −10 tier)', () => {
    for (const { tracks } of tracksOf('dormant')) {
      expect(signIns(tracks).length).toBeGreaterThan(0)
      expect(tracks.filter((t) => t.ageMs < 8 * DAY_MS)).toEqual([])
    }
  })

  it('invitees are identified and grouped but send no event', () => {
    for (const { tracks } of tracksOf('invitee')) expect(tracks).toEqual([])
  })
})
