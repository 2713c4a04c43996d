import { describe, expect, it } from 'vitest'
import { createLiveTraffic } from './live-traffic.ts'
import { createMessageIds } from './message-ids.ts'
import { generatePopulation } from './population.ts'
import { createSeededRandom } from './seeded-random.ts'
import type { SegmentMessage } from './segment-message.ts'

const NOW_MS = Date.parse('2026-11-26T16:00:00.000Z')
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** What a Segment HTTP API receiver requires of a message, and what upscore's default model reads. */
function problemsOf(message: SegmentMessage, nowMs: number): string[] {
  const problems: string[] = []
  if (typeof message.userId !== 'string' || message.userId === '') problems.push('no userId')
  if (typeof message.messageId !== 'string' || message.messageId === '') problems.push('no messageId')
  if (!['identify', 'group', 'track', 'page'].includes(message.type)) problems.push(`type ${message.type}`)
  if (!ISO.test(message.timestamp)) problems.push(`timestamp ${message.timestamp}`)
  else if (Date.parse(message.timestamp) > nowMs) problems.push('timestamp in the future')
  if (message.type === 'track' && (typeof message.event !== 'string' || message.event === '')) problems.push('no event')
  if (message.type === 'group' && message.groupId === '') problems.push('no groupId')
  if (message.type === 'identify' && !message.traits.email.endsWith('.test')) problems.push('real email domain')
  if (JSON.stringify(message).length > 32 * 1024) problems.push('over 32 KB')
  return problems
}

function liveMessages(seed: number, happenings: number): { messages: SegmentMessage[]; nowMs: number }[] {
  const random = createSeededRandom(seed)
  const nextMessageId = createMessageIds('live')
  const population = generatePopulation({ userCount: 120, companyCount: 25, nowMs: NOW_MS, random, nextMessageId })
  const traffic = createLiveTraffic(population, random, nextMessageId)
  return Array.from({ length: happenings }, (_, n) => {
    const nowMs = NOW_MS + n * 700
    return { messages: traffic.next(nowMs), nowMs }
  })
}

describe('simulated Segment messages', () => {
  it('are valid in the whole history', () => {
    const { messages } = generatePopulation({
      userCount: 300,
      companyCount: 60,
      nowMs: NOW_MS,
      random: createSeededRandom(11),
      nextMessageId: createMessageIds('h'),
    })
    const problems = messages.flatMap((m) => problemsOf(m, NOW_MS).map((p) => `${m.messageId}: ${p}`))
    expect(problems).toEqual([])
  })

  it('are valid in live traffic, none later than the moment they are made', () => {
    const ticks = liveMessages(12, 500)
    const problems = ticks.flatMap(({ messages, nowMs }) =>
      messages.flatMap((m) => problemsOf(m, nowMs).map((p) => `${m.messageId}: ${p}`)),
    )
    expect(problems).toEqual([])
  })

  it('carry ids that never repeat between history and live traffic', () => {
    const ids = liveMessages(13, 300).flatMap(({ messages }) => messages.map((m) => m.messageId))
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('live traffic', () => {
  it('replays the same happenings for the same seed', () => {
    expect(liveMessages(14, 50)).toEqual(liveMessages(14, 50))
  })

  it('signs new trials up now and then, identify and group before their first event', () => {
    const messages = liveMessages(15, 400).flatMap((tick) => tick.messages)
    const identified = messages.filter((m) => m.type === 'identify')
    expect(identified.length).toBeGreaterThan(5)
    for (const { userId } of identified) {
      const own = messages.filter((m) => m.userId === userId)
      expect(own.slice(0, 2).map((m) => m.type)).toEqual(['identify', 'group'])
    }
  })

  it('has users reaching milestones and signing in right now', () => {
    const events = liveMessages(16, 400).flatMap((tick) =>
      tick.messages.flatMap((m) => (m.type === 'track' ? [m.event] : [])),
    )
    for (const event of [
      'Signed In',
      'Onboarding Completed',
      'Integration Connected',
      'Report Generated',
      'API Call',
    ]) {
      expect(events).toContain(event)
    }
  })
})
