import { describe, expect, it } from 'vitest'
import { escapeHtml } from './html-page.ts'

describe('escapeHtml', () => {
  it('escapes the characters that could open markup or end an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    )
  })
})
