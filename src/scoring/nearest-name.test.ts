import { describe, expect, it } from 'vitest'
import { didYouMean, nearestName } from './nearest-name.ts'

describe('nearestName', () => {
  it.each([
    ['windw', ['window', 'where', 'event'], 'window'],
    ['day_since', ['milestone', 'count', 'days_since', 'trait'], 'days_since'],
    ['login_last_7_days', ['logins_last_7_days', 'days_since_last_login'], 'logins_last_7_days'],
    ['poinst', ['points', 'per', 'of'], 'points'],
    ['Scores', ['scores', 'properties'], 'scores'],
  ])('takes %s for %s', (name, candidates, meant) => {
    expect(nearestName(name, candidates)).toBe(meant)
  })

  it('suggests nothing when no name is close', () => {
    expect(nearestName('no_such_setting_xyz', ['properties', 'scores', 'triggers'])).toBeUndefined()
    expect(didYouMean('xyz', ['window'])).toBe('')
  })

  it('says it as the end of a message', () => {
    expect(didYouMean('windw', ['window'])).toBe(': did you mean "window"?')
  })
})
