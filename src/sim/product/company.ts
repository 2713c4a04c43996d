import { COMPANY_KINDS, COMPANY_STEMS } from './name-lists.ts'
import { drawOne, drawWeighted } from './random-draw.ts'
import type { Random } from './seeded-random.ts'
import type { Plan } from './segment-message.ts'

/** A simulated customer account: the `groupId` and traits of its `group` calls. */
export interface Company {
  groupId: string
  name: string
  /** Email domain of its people, always under `.test`. */
  domain: string
  plan: Plan
}

/** Most accounts are in their trial; some already pay, some stay on the free tier. */
const PLAN_WEIGHTS: Record<Plan, number> = { trial: 0.7, paying: 0.15, free: 0.15 }

/** A company whose name and `groupId` are not in `takenGroupIds`; adds its `groupId` there. */
export function drawCompany(random: Random, takenGroupIds: Set<string>, plan?: Plan): Company {
  for (let attempt = 0; ; attempt++) {
    const base = `${drawOne(random, COMPANY_STEMS)} ${drawOne(random, COMPANY_KINDS)}`
    // Past a few collisions the word lists are running out: number the name like a real second registration.
    const name = attempt < 20 ? base : `${base} ${attempt}`
    const groupId = name.toLowerCase().replaceAll(' ', '-')
    if (takenGroupIds.has(groupId)) continue
    takenGroupIds.add(groupId)
    return { groupId, name, domain: `${groupId}.test`, plan: plan ?? drawWeighted(random, PLAN_WEIGHTS) }
  }
}

/** `count` companies with distinct names. */
export function generateCompanies(random: Random, count: number): Company[] {
  const taken = new Set<string>()
  return Array.from({ length: count }, () => drawCompany(random, taken))
}
