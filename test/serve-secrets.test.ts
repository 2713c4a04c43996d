import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { adminToken, liveServicePerTest, writeKey } from './live-service-harness.ts'

const start = liveServicePerTest()

describe('what serve prints', () => {
  it('never shows a secret, wherever it would appear in a line', async () => {
    // A data folder named after the secrets: the start line quotes it, and must not quote them.
    const dataDir = mkdtempSync(join(tmpdir(), `upscore-${adminToken}-${writeKey}-pat-na1-hidden-`))
    const live = await start({
      dataDir,
      env: { HUBSPOT_ACCESS_TOKEN: 'pat-na1-hidden', HUBSPOT_BASE_URL: 'http://127.0.0.1:9' },
    })
    const printed = live.lines.join('\n')
    expect(printed).toContain('listening on')
    expect(printed).toContain('[redacted]')
    for (const secret of [adminToken, writeKey, 'pat-na1-hidden']) expect(printed).not.toContain(secret)
  })
})
