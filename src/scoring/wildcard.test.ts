import { runInNewContext } from 'node:vm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileWildcard } from './wildcard.ts'

/** The obvious definition, as a backtracking regular expression: right, and exponential on some inputs. */
function referenceMatch(pattern: string, text: string): boolean {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${body}$`, 'is').test(text)
}

describe('compileWildcard', () => {
  it('matches the whole text, with * for any run and ? for one character, ignoring case', () => {
    const isMatch = compileWildcard('/Pricing*')
    expect(isMatch('/pricing')).toBe(true)
    expect(isMatch('/PRICING/plans')).toBe(true)
    expect(isMatch('/about/pricing')).toBe(false)
    expect(compileWildcard('/p?ge')('/page')).toBe(true)
    expect(compileWildcard('/p?ge')('/pge')).toBe(false)
    expect(compileWildcard('*.pdf')('report.PDF')).toBe(true)
    expect(compileWildcard('a*b*a')('aba')).toBe(true)
    expect(compileWildcard('ab*ba')('aba')).toBe(false)
    expect(compileWildcard('')('')).toBe(true)
    expect(compileWildcard('*')('')).toBe(true)
  })

  it('takes regular-expression characters literally', () => {
    expect(compileWildcard('/a.b(c)[d]+$')('/a.b(c)[d]+$')).toBe(true)
    expect(compileWildcard('/a.b')('/axb')).toBe(false)
  })

  it('agrees with the regular-expression definition on any pattern and text', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', '/', '.', '*', '?')
    const pattern = fc.string({ unit: alphabet, maxLength: 8 })
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '/', '.', '*', '?', '\n'), maxLength: 12 })
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        expect(compileWildcard(p)(t)).toBe(referenceMatch(p, t))
      }),
      { numRuns: 5000 },
    )
  })

  // A backtracking regular expression takes minutes on these (55 s for `*a*a*a*b` on 600 characters); the matcher
  // reads the text a bounded number of times, so they answer at once. Run under a VM timeout, which interrupts even a
  // regular expression, so that a regression fails instead of hanging the suite.
  it('answers patterns that make a regular expression backtrack, on texts as long as a message allows', () => {
    const longA = 'a'.repeat(32_000)
    const url = `https://x.test${'/pricing'.repeat(3_900)}/plans`
    const cases: [string, string][] = [
      ['*a*a*a*b', longA],
      ['*a*a*a*a*a*a*a*a*a*a*b', longA],
      ['*?a?a?a?b', longA],
      ['*/pricing*/plans*/enterprise', url],
    ]
    const answers = runInNewContext(
      'run()',
      { run: () => cases.map(([p, t]) => compileWildcard(p)(t)) },
      { timeout: 5000 },
    )
    expect(answers).toEqual([false, false, false, false])
  })
})
