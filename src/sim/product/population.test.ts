import { describe, expect, it } from 'vitest'
import { createMessageIds } from './message-ids.ts'
import { generatePopulation, type PopulationOptions } from './population.ts'
import { createSeededRandom } from './seeded-random.ts'

const NOW_MS = Date.parse('2026-11-26T16:00:00.000Z')

function options(seed: number, overrides: Partial<PopulationOptions> = {}): PopulationOptions {
  return {
    userCount: 300,
    companyCount: 60,
    nowMs: NOW_MS,
    random: createSeededRandom(seed),
    nextMessageId: createMessageIds('t'),
    ...overrides,
  }
}

describe('generatePopulation', () => {
  it('gives the same companies, users and events for the same seed', () => {
    expect(generatePopulation(options(5))).toEqual(generatePopulation(options(5)))
  })

  it('gives a different population for another seed', () => {
    expect(generatePopulation(options(5)).messages).not.toEqual(generatePopulation(options(6)).messages)
  })

  it('makes the requested numbers of users and companies, each company with someone in it', () => {
    const population = generatePopulation(options(1))
    expect(population.users).toHaveLength(300)
    expect(population.companies).toHaveLength(60)
    const withUsers = new Set(population.users.map((user) => user.groupId))
    expect(withUsers.size).toBe(60)
  })

  it('keeps users, emails, companies and message ids unique', () => {
    const { users, companies, messages } = generatePopulation(options(2))
    expect(new Set(users.map((u) => u.userId)).size).toBe(users.length)
    expect(new Set(users.map((u) => u.email)).size).toBe(users.length)
    expect(new Set(companies.map((c) => c.groupId)).size).toBe(companies.length)
    expect(new Set(companies.map((c) => c.name)).size).toBe(companies.length)
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(messages.length)
  })

  it('uses only .test email domains, the company domain for each user', () => {
    const { users, companies } = generatePopulation(options(3))
    const domainOf = new Map(companies.map((c) => [c.groupId, c.domain]))
    for (const user of users) {
      expect(user.email).toMatch(/^[a-z0-9.]+@[a-z0-9-]+\.test$/)
      expect(user.email.endsWith(`@${domainOf.get(user.groupId)}`)).toBe(true)
    }
  })

  it('puts most companies on a trial and some on paying and free plans', () => {
    const { companies } = generatePopulation(options(4))
    const count = (plan: string) => companies.filter((c) => c.plan === plan).length
    expect(count('trial')).toBeGreaterThan(companies.length / 2)
    expect(count('paying')).toBeGreaterThan(0)
    expect(count('free')).toBeGreaterThan(0)
  })

  it('identifies and groups every user once, before any other message', () => {
    const { users, messages } = generatePopulation(options(5))
    const firstOther = messages.findIndex((m) => m.type !== 'identify' && m.type !== 'group')
    const signUps = messages.slice(0, firstOther)
    expect(messages.slice(firstOther).some((m) => m.type === 'identify' || m.type === 'group')).toBe(false)
    expect(signUps.filter((m) => m.type === 'identify')).toHaveLength(users.length)
    expect(signUps.filter((m) => m.type === 'group')).toHaveLength(users.length)
  })

  it('sends group calls with the company name and plan as traits', () => {
    const { companies, messages } = generatePopulation(options(6))
    const byId = new Map(companies.map((c) => [c.groupId, c]))
    for (const message of messages) {
      if (message.type !== 'group') continue
      const company = byId.get(message.groupId)
      expect(message.traits).toEqual({ name: company?.name, plan: company?.plan })
    }
  })

  it('orders the events after sign-up by time, within the past 14 days', () => {
    const { messages } = generatePopulation(options(7))
    const times = messages.filter((m) => m.type === 'track' || m.type === 'page').map((m) => Date.parse(m.timestamp))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(Math.min(...times)).toBeGreaterThan(NOW_MS - 14 * 86_400_000)
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW_MS)
  })

  it('mixes several personas, none taking over', () => {
    const { users } = generatePopulation(options(8))
    const counts = new Map<string, number>()
    for (const user of users) counts.set(user.persona, (counts.get(user.persona) ?? 0) + 1)
    expect(counts.size).toBeGreaterThanOrEqual(5)
    for (const persona of ['champion', 'evaluator', 'tourist', 'fading', 'dormant']) {
      expect(counts.get(persona) ?? 0).toBeGreaterThanOrEqual(10)
    }
    expect(Math.max(...counts.values())).toBeLessThan(users.length / 2)
  })

  it('includes noise events and page calls that the default model ignores', () => {
    const { messages } = generatePopulation(options(9))
    const events = new Set(messages.flatMap((m) => (m.type === 'track' ? [m.event] : [])))
    expect(events).toContain('Feature Used')
    expect(events).toContain('Signed Up')
    expect(messages.some((m) => m.type === 'page')).toBe(true)
  })
})
