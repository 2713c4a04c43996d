import { describe, expect, it } from 'vitest'
import { createRollingWindow } from './rolling-window.ts'

describe('createRollingWindow', () => {
  it('counts the calls made within the window', () => {
    const window = createRollingWindow(10_000)
    window.record(1_000)
    window.record(2_000)
    expect(window.count(5_000)).toBe(2)
  })

  it('drops a call exactly one window length after it was made', () => {
    const window = createRollingWindow(10_000)
    window.record(1_000)
    expect(window.count(10_999)).toBe(1)
    expect(window.count(11_000)).toBe(0)
  })

  it('keeps counting right after many calls have left the window', () => {
    const window = createRollingWindow(10)
    for (let at = 0; at < 5_000; at++) window.record(at)
    expect(window.count(5_000)).toBe(9)
  })
})
