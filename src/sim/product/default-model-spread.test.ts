import { describe, expect, it } from 'vitest'
import { createMessageIds } from './message-ids.ts'
import { generatePopulation, type Population } from './population.ts'
import { createSeededRandom } from './seeded-random.ts'
import type { SegmentMessage } from './segment-message.ts'

const NOW_MS = Date.parse('2026-11-26T16:00:00.000Z')
const DAY_MS = 86_400_000

/**
 * The contract's default model, applied by hand to raw messages (the real engine lives in src/scoring; this is an
 * independent reading of the table, to show what the demo's population will score).
 */
function scoreByDefaultModel(messages: readonly SegmentMessage[], nowMs: number): Map<string, number> {
  const inWindow = (atMs: number, days: number) => nowMs - days * DAY_MS < atMs && atMs <= nowMs
  const companyOf = new Map<string, string>()
  const planOf = new Map<string, string>()
  const tracksOf = new Map<string, { event: string; atMs: number }[]>()
  const sorted = [...messages].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))
  for (const message of sorted) {
    if (!tracksOf.has(message.userId)) tracksOf.set(message.userId, [])
    if (message.type === 'group') {
      companyOf.set(message.userId, message.groupId)
      planOf.set(message.groupId, message.traits.plan)
    }
    if (message.type === 'track')
      tracksOf.get(message.userId)?.push({ event: message.event, atMs: Date.parse(message.timestamp) })
  }
  const activeUsers = new Map<string, number>()
  for (const [userId, tracks] of tracksOf) {
    const groupId = companyOf.get(userId)
    if (groupId !== undefined && tracks.some((t) => inWindow(t.atMs, 30))) {
      activeUsers.set(groupId, (activeUsers.get(groupId) ?? 0) + 1)
    }
  }
  const scores = new Map<string, number>()
  for (const [userId, tracks] of tracksOf) {
    const ever = (event: string) => tracks.filter((t) => t.event === event && t.atMs <= nowMs).length
    const last7 = (event: string) => tracks.filter((t) => t.event === event && inWindow(t.atMs, 7)).length
    let score = 0
    if (ever('Onboarding Completed') > 0) score += 20
    if (ever('Integration Connected') > 0) score += 15
    if (ever('Report Generated') > 0) score += 15
    if (ever('Invite Sent') >= 1) score += 10
    score += Math.min(Math.floor(last7('API Call') / 10), 20)
    score += Math.min(2 * last7('Report Generated'), 10)
    score += Math.min(ever('Widget Created'), 15)
    score += Math.min(5 * last7('Signed In'), 25)
    const signIns = tracks.filter((t) => t.event === 'Signed In').map((t) => t.atMs)
    if (signIns.length > 0) {
      const daysSince = Math.floor((nowMs - Math.max(...signIns)) / DAY_MS)
      if (daysSince > 7) score -= 10
      else if (daysSince > 3) score -= 5
    }
    const groupId = companyOf.get(userId) ?? ''
    score += Math.min(5 * (activeUsers.get(groupId) ?? 0), 30)
    if (planOf.get(groupId) === 'trial') score += 10
    if (planOf.get(groupId) === 'paying') score += 20
    scores.set(userId, score)
  }
  return scores
}

function demoPopulation(seed: number): Population {
  return generatePopulation({
    userCount: 300,
    companyCount: 60,
    nowMs: NOW_MS,
    random: createSeededRandom(seed),
    nextMessageId: createMessageIds('m'),
  })
}

describe('the demo population under the default model', () => {
  it.each([1, 2, 3, 4, 5])('spans hot, warm and cold with many distinct scores (seed %i)', (seed) => {
    const scores = [...scoreByDefaultModel(demoPopulation(seed).messages, NOW_MS).values()]
    expect(scores).toHaveLength(300)
    const hot = scores.filter((s) => s >= 80).length
    const cold = scores.filter((s) => s < 40).length
    expect(hot).toBeGreaterThanOrEqual(30)
    expect(cold).toBeGreaterThanOrEqual(30)
    expect(scores.length - hot - cold).toBeGreaterThanOrEqual(30)
    expect(new Set(scores).size).toBeGreaterThanOrEqual(5)
  })

  it('scores champions hot, and dormant users and tourists mostly cold', () => {
    const population = demoPopulation(1)
    const scores = scoreByDefaultModel(population.messages, NOW_MS)
    const scoresOf = (persona: string) =>
      population.users.filter((u) => u.persona === persona).map((u) => scores.get(u.userId) ?? Number.NaN)
    expect(scoresOf('champion').every((s) => s >= 80)).toBe(true)
    for (const persona of ['dormant', 'tourist']) {
      const list = scoresOf(persona)
      expect(list.filter((s) => s < 40).length).toBeGreaterThan(list.length / 2)
    }
  })

  it('hand-scores a small team exactly as the table says', () => {
    const at = (daysAgo: number) => new Date(NOW_MS - daysAgo * DAY_MS).toISOString()
    let id = 0
    const base = (userId: string, timestamp: string) => ({ userId, timestamp, messageId: `x${++id}` })
    const track = (userId: string, event: string, daysAgo: number): SegmentMessage => ({
      ...base(userId, at(daysAgo)),
      type: 'track',
      event,
      properties: {},
      context: { groupId: 'acme' },
    })
    const group = (userId: string): SegmentMessage => ({
      ...base(userId, at(13)),
      type: 'group',
      groupId: 'acme',
      traits: { name: 'Acme', plan: 'trial' },
    })
    const messages: SegmentMessage[] = [
      group('ada'),
      group('bob'),
      track('ada', 'Onboarding Completed', 10),
      ...Array.from({ length: 25 }, () => track('ada', 'API Call', 1)),
      track('ada', 'Signed In', 0.5),
      track('ada', 'Signed In', 6.5),
      track('ada', 'Signed In', 7.5), // outside the 7-day window
      track('bob', 'Signed In', 5.2), // 5 whole days ago: −5
    ]
    const scores = scoreByDefaultModel(messages, NOW_MS)
    // ada: onboarding 20 + 25 API calls 2 + 2 logins 10 + 2 active users 10 + trial 10
    expect(scores.get('ada')).toBe(52)
    // bob: 1 login 5 − 5 + 10 + 10
    expect(scores.get('bob')).toBe(20)
  })
})
