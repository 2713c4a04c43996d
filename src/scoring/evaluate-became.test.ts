import { describe, expect, it } from 'vitest'
import type { Event } from '../events/event.ts'
import { checkModelText } from '../load-model.ts'
import { applyEvent, compactState, emptyEntityState } from '../properties/entity-state.ts'
import type { CompiledModel } from './compiled-model.ts'
import { evaluateContact } from './evaluate-entity.ts'

const DAY = 86_400_000
const HOUR = 3_600_000
const T0 = Date.parse('2026-09-01T08:00:00Z')

const model: CompiledModel = (() => {
  const checked = checkModelText(
    `properties:
  contact:
    logins_last_30d: { type: count, event: Signed In, window: 30d }
    logins_last_7d: { type: count, event: Signed In, window: 7d }
scores:
  ltb:
    subject: contact
    rules:
      active_user: { became: "logins_last_30d >= 6", points: 9, decay: { lifespan: 90d } }
  quiet:
    subject: contact
    rules:
      went_quiet: { became: "logins_last_7d == 0 and logins_last_30d >= 3", points: 90, decay: { lifespan: 90d } }
`,
    'm',
  )
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  return checked.model
})()

const login = (atMs: number): Event => ({
  type: 'track',
  messageId: `m${atMs}`,
  userId: 'u',
  event: 'Signed In',
  properties: {},
  traits: {},
  timestampMs: atMs,
  receivedAtMs: atMs,
})

/** One contact processed as the processor does: events folded in, state compacted, evaluated, triggers kept. */
function contact() {
  const state = emptyEntityState()
  const evaluate = (nowMs: number, ...events: Event[]) => {
    for (const event of events) applyEvent(model.contact, state, event)
    compactState(model.contact, state, nowMs)
    const evaluation = evaluateContact(model, state, {}, nowMs)
    state.triggers = evaluation.triggers
    return evaluation
  }
  const rises = (rule: string) => Object.entries(state.triggers).find(([key]) => key.startsWith(`became:${rule}:`))?.[1]
  return { state, evaluate, rises }
}

const sixLogins = (fromMs: number) => [0, 1, 2, 3, 4, 5].map((h) => login(fromMs + h * HOUR))

describe('became rules (MadKudu aggregated events)', () => {
  it('becomes true at the instant of the event that makes the condition hold, not when it is evaluated', () => {
    const ada = contact()
    ada.evaluate(T0 + 2 * DAY, ...sixLogins(T0))
    expect(ada.rises('ltb:active_user')?.rises).toEqual([[T0 + 5 * HOUR, 9]])
  })

  it('decays its points in a straight line to 0 over the lifespan, from the instant it became true', () => {
    const ada = contact()
    const becameAt = T0 + 5 * HOUR
    const points = (ageMs: number) => ada.evaluate(becameAt + ageMs).scores.ltb?.value
    ada.evaluate(becameAt, ...sixLogins(T0))
    expect([0, 10, 30, 60, 89, 90].map((days) => points(days * DAY))).toEqual([9, 8, 6, 3, 0, 0])
  })

  it('schedules the instant its decayed points next lose a whole point', () => {
    const ada = contact()
    const becameAt = T0 + 5 * HOUR
    ada.evaluate(becameAt, ...sixLogins(T0))
    // Waking at each scheduled instant, as the processor does: 9 × (1 − age / 90 d) is 5.5 at 35 days, kept as 6.
    let evaluation = ada.evaluate(becameAt + 31 * DAY)
    while (evaluation.scores.ltb?.value === 6 && evaluation.nextChangeAtMs !== null) {
      evaluation = ada.evaluate(evaluation.nextChangeAtMs)
    }
    expect(evaluation.scores.ltb?.value).toBe(5)
    expect(ada.rises('ltb:active_user')?.checkedAtMs).toBe(becameAt + 35 * DAY + 1)
  })

  it('becomes true through time passing at the instant a window slides, even when evaluated later', () => {
    const ada = contact()
    const lastLogin = T0 + 2 * HOUR
    ada.evaluate(lastLogin, login(T0), login(T0 + HOUR), login(lastLogin))
    expect(ada.evaluate(T0 + 10 * DAY).scores.quiet?.value).toBe(87) // 90 × (1 − (3 d − 2 h) / 90 d) = 87.08
    expect(ada.rises('quiet:went_quiet')?.rises).toEqual([[lastLogin + 7 * DAY, 90]])
  })

  it('finds the same instant when it is evaluated on each scheduled change', () => {
    const ada = contact()
    const lastLogin = T0 + 2 * HOUR
    let evaluation = ada.evaluate(lastLogin, login(T0), login(T0 + HOUR), login(lastLogin))
    while (evaluation.nextChangeAtMs !== null && evaluation.nextChangeAtMs <= T0 + 10 * DAY) {
      evaluation = ada.evaluate(evaluation.nextChangeAtMs)
    }
    expect(ada.rises('quiet:went_quiet')?.rises).toEqual([[lastLogin + 7 * DAY, 90]])
  })

  it('fires again after the condition stopped holding, and not while it keeps holding', () => {
    const ada = contact()
    ada.evaluate(T0 + 5 * HOUR, ...sixLogins(T0))
    ada.evaluate(T0 + DAY, login(T0 + DAY)) // seven in 30 days: still holding
    ada.evaluate(T0 + 31 * DAY) // the first two left the window: five
    ada.evaluate(T0 + 40 * DAY + 5 * HOUR, ...sixLogins(T0 + 40 * DAY))
    expect(ada.rises('ltb:active_user')?.rises).toEqual([
      [T0 + 5 * HOUR, 9],
      [T0 + 40 * DAY + 5 * HOUR, 9],
    ])
    // 9 × (1 − 50/90) + 9 × (1 − 10/90) = 4 + 8
    expect(ada.evaluate(T0 + 50 * DAY + 5 * HOUR).scores.ltb?.value).toBe(12)
  })

  it('finds an instant it became true between two evaluations even when it stopped holding before the second', () => {
    const ada = contact()
    ada.evaluate(T0 + 4 * HOUR, ...[0, 1, 2, 3, 4].map((h) => login(T0 + h * HOUR)))
    // Processed late: the sixth login made six at T0 + 29 d; the first left the window at T0 + 30 d.
    ada.evaluate(T0 + 35 * DAY, login(T0 + 29 * DAY))
    expect(ada.rises('ltb:active_user')).toMatchObject({ holding: false, rises: [[T0 + 29 * DAY, 9]] })
  })

  it('gives nothing for an instant older than its lifespan on its first evaluation', () => {
    const ada = contact()
    expect(ada.evaluate(T0 + 100 * DAY, ...sixLogins(T0)).scores.ltb?.value).toBe(0)
    expect(ada.rises('ltb:active_user')?.rises).toEqual([])
  })
})
