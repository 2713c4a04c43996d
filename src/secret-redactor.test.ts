import { describe, expect, it } from 'vitest'
import { createSecretRedactor } from './secret-redactor.ts'

describe('createSecretRedactor', () => {
  it('replaces every occurrence of every secret', () => {
    const redact = createSecretRedactor(['pat-na1-secret', 'wk_live_123', undefined])
    expect(redact('call with pat-na1-secret failed; key wk_live_123, again pat-na1-secret')).toBe(
      'call with [redacted] failed; key [redacted], again [redacted]',
    )
  })

  it('replaces a secret that contains another one whole', () => {
    const redact = createSecretRedactor(['abcd', 'xxabcdxx'])
    expect(redact('token xxabcdxx')).toBe('token [redacted]')
  })

  it('leaves lines without secrets, and ignores values too short to be secrets', () => {
    const redact = createSecretRedactor(['a', ''])
    expect(redact('a line at a time')).toBe('a line at a time')
  })
})
