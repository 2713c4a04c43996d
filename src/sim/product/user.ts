import type { Company } from './company.ts'
import { FIRST_NAMES, JOB_TITLES, LAST_NAMES } from './name-lists.ts'
import { type PersonaName, personaWeights } from './persona.ts'
import { drawOne, drawWeighted } from './random-draw.ts'
import type { Random } from './seeded-random.ts'

/** A simulated person: the traits of its `identify` call, its company and how it behaves. */
export interface SimUser {
  userId: string
  email: string
  name: string
  title: string
  groupId: string
  persona: PersonaName
}

/**
 * A person at `company` with a fresh `userId` and email; adds both to `taken`. The persona is drawn from the
 * mix for a company of `companySize` unless given.
 */
export function drawUser(
  random: Random,
  company: Company,
  companySize: number,
  taken: Set<string>,
  persona?: PersonaName,
): SimUser {
  const first = drawOne(random, FIRST_NAMES)
  const last = drawOne(random, LAST_NAMES)
  const local = `${first}.${last}`.toLowerCase()
  let email = `${local}@${company.domain}`
  for (let n = 2; taken.has(email); n++) email = `${local}${n}@${company.domain}`
  taken.add(email)
  let userId = drawUserId(random)
  while (taken.has(userId)) userId = drawUserId(random)
  taken.add(userId)
  return {
    userId,
    email,
    name: `${first} ${last}`,
    title: drawOne(random, JOB_TITLES),
    groupId: company.groupId,
    persona: persona ?? drawWeighted(random, personaWeights(companySize, company.plan)),
  }
}

/**
 * `count` users spread over `companies` with a long tail, as in real trial traffic: many solo sign-ups and small
 * teams, a few large accounts. Every company gets at least one user.
 */
export function generateUsers(random: Random, companies: readonly Company[], count: number): SimUser[] {
  const sizes = allocateCompanySizes(random, companies.length, count)
  const taken = new Set<string>()
  return companies.flatMap((company, index) => {
    const size = sizes[index] ?? 0
    return Array.from({ length: size }, () => drawUser(random, company, size, taken))
  })
}

function allocateCompanySizes(random: Random, companyCount: number, userCount: number): number[] {
  const sizes: number[] = Array.from({ length: companyCount }, (_, index) => (index < userCount ? 1 : 0))
  // Pareto-like appeal, capped so that no single account swallows the demo: most companies stay small, a few grow
  // to a team of twenty or so.
  const appeal = sizes.map(() => Math.min((1 - random()) ** -0.8, 12))
  const total = appeal.reduce((sum, value) => sum + value, 0)
  for (let left = userCount - Math.min(companyCount, userCount); left > 0; left--) {
    let pick = random() * total
    let index = 0
    while (index < appeal.length - 1 && pick >= (appeal[index] ?? 0)) {
      pick -= appeal[index] ?? 0
      index++
    }
    sizes[index] = (sizes[index] ?? 0) + 1
  }
  return sizes
}

function drawUserId(random: Random): string {
  return `u_${Math.floor(random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0')}`
}
