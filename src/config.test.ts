import { describe, expect, it } from 'vitest'
import { loadConfig, secretsOf } from './config.ts'

const files: Record<string, string> = {
  '/run/secrets/hubspot': 'pat-na1-from-file\n',
  '/run/secrets/admin': '  admin-from-file  \n',
  '/run/secrets/keys': 'wk_one,wk_two\n',
  '/run/secrets/empty': '\n',
}
const readSecretFile = (path: string) => {
  const text = files[path]
  if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`)
  return text
}

describe('loadConfig', () => {
  it('reads secrets from files named by NAME_FILE, trimmed', () => {
    const config = loadConfig(
      {
        HUBSPOT_ACCESS_TOKEN_FILE: '/run/secrets/hubspot',
        UPSCORE_ADMIN_TOKEN_FILE: '/run/secrets/admin',
        UPSCORE_WRITE_KEYS_FILE: '/run/secrets/keys',
      },
      {},
      readSecretFile,
    )
    expect(config.hubspot?.accessToken).toBe('pat-na1-from-file')
    expect(config.adminToken).toBe('admin-from-file')
    expect(config.writeKeys).toEqual(['wk_one', 'wk_two'])
    expect(secretsOf(config).sort()).toEqual(['admin-from-file', 'pat-na1-from-file', 'wk_one', 'wk_two'])
  })

  it('refuses a secret given both ways, a file it cannot read and an empty one', () => {
    const load = (env: Record<string, string>) => () => loadConfig(env, {}, readSecretFile)
    expect(load({ UPSCORE_ADMIN_TOKEN: 'a', UPSCORE_ADMIN_TOKEN_FILE: '/run/secrets/admin' })).toThrow(
      'set UPSCORE_ADMIN_TOKEN or UPSCORE_ADMIN_TOKEN_FILE, not both',
    )
    expect(load({ HUBSPOT_ACCESS_TOKEN_FILE: '/nope' })).toThrow('HUBSPOT_ACCESS_TOKEN_FILE: cannot read /nope')
    expect(load({ UPSCORE_ADMIN_TOKEN_FILE: '/run/secrets/empty' })).toThrow('is empty')
  })

  it('never quotes a secret back in its errors', () => {
    const webhook = 'hooks.slack.com/services/T000/B000/XXXXSECRET'
    expect(() => loadConfig({ SLACK_WEBHOOK_URL: webhook })).toThrow(/SLACK_WEBHOOK_URL must be a URL$/)
  })
})
