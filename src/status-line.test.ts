import { describe, expect, it } from 'vitest'
import { createStatusLine } from './status-line.ts'

const capture = (isTTY: boolean, columns?: number) => {
  const written: string[] = []
  let nowMs = 0
  const line = createStatusLine(
    { isTTY, columns, write: (text) => written.push(text) },
    { plainEveryMs: 10_000, now: () => nowMs },
  )
  return { line, written, advance: (ms: number) => (nowMs += ms) }
}

describe('the status line', () => {
  it('rewrites itself in place on a terminal', () => {
    const { line, written } = capture(true)
    line.show('10 contacts')
    line.show('11 contacts')
    expect(written.join('')).toBe('\r\x1b[2K10 contacts\r\x1b[2K11 contacts')
    expect(written.join('')).not.toContain('\n')
  })

  it('prints other lines above the status and shows the status again below them', () => {
    const { line, written } = capture(true)
    line.show('10 contacts')
    line.print('HubSpot: created 3 properties')
    expect(written.at(-1)).toBe('\r\x1b[2KHubSpot: created 3 properties\n10 contacts')
  })

  it('keeps the status within the terminal width', () => {
    const { line, written } = capture(true, 12)
    line.show('318 contacts in 53 companies')
    expect(written.at(-1)).toBe('\r\x1b[2K318 contac…')
  })

  it('prints plain lines, at most one every ten seconds, when the output is not a terminal', () => {
    const { line, written, advance } = capture(false)
    line.show('10 contacts')
    advance(1_000)
    line.show('11 contacts')
    line.print('HubSpot: created 3 properties')
    advance(9_000)
    line.show('12 contacts')
    line.end()
    expect(written).toEqual(['10 contacts\n', 'HubSpot: created 3 properties\n', '12 contacts\n'])
  })

  it('leaves the last status on the screen when it ends', () => {
    const { line, written } = capture(true)
    line.show('10 contacts')
    line.end()
    expect(written.at(-1)).toBe('\n')
  })
})
