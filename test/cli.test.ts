import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../src/cli.ts'
import { environmentVariables } from '../src/config.ts'
import { defaultModelPath } from '../src/load-model.ts'

/** Runs the command line as `npx upscore …` would, capturing what it writes. */
async function upscore(argv: string[], env: Record<string, string> = {}) {
  let out = ''
  let err = ''
  const code = await runCli(argv, env, {
    stdout: { isTTY: false, write: (text) => (out += text) },
    stderr: { write: (text) => (err += text) },
  })
  return { code, out, err }
}

/** The lines of a help text's `Options:` section. */
const optionsOf = (help: string) => (help.split('\nOptions:\n')[1] ?? '').split(/\n\n/)[0] ?? ''

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('upscore with no command, or asked its version', () => {
  it('prints the help on standard output, and no error, when given no command', async () => {
    const { code, out, err } = await upscore([])
    expect(code).toBe(0)
    expect(err).toBe('')
    for (const command of ['serve', 'demo', 'hubspot-sim', 'model', 'crm']) expect(out).toContain(`  ${command}`)
  })

  it("prints a group's commands when given the group alone", async () => {
    const { code, out } = await upscore(['model'])
    expect(code).toBe(0)
    for (const command of ['check', 'explain', 'diff', 'draft', 'publish', 'versions', 'rollback', 'reset']) {
      expect(out).toContain(`  ${command}`)
    }
  })

  it('prints the version of package.json with --version and -V', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
    expect(await upscore(['--version'])).toEqual({ code: 0, out: `${version}\n`, err: '' })
    expect((await upscore(['-V'])).out).toBe(`${version}\n`)
  })

  it('says which command was meant by a mistyped one, and fails', async () => {
    const { code, err } = await upscore(['srve'])
    expect(code).toBe(1)
    expect(err).toContain("unknown command 'srve'")
    expect(err).toContain('Did you mean serve?')
  })
})

describe('the help of each command', () => {
  it('lists, for serve, every environment variable upscore reads', async () => {
    const { code, out } = await upscore(['serve', '--help'])
    expect(code).toBe(0)
    for (const name of environmentVariables) expect(out).toContain(name)
    expect(out).toMatch(/UPSCORE_WRITE_KEYS +required/)
    expect(out).toMatch(/UPSCORE_ADMIN_TOKEN +required/)
  })

  it('says that PostgreSQL and Slack alerts are not available yet, and lists no --database-url option', async () => {
    const { out } = await upscore(['serve', '--help'])
    expect(out).toMatch(
      /Not available yet[^\n]*\n {2}DATABASE_URL, --database-url +PostgreSQL storage\n {2}SLACK_WEBHOOK_URL/,
    )
    const commands = [
      ['serve'],
      ['demo'],
      ['model', 'explain'],
      ['model', 'diff'],
      ['crm', 'replay'],
      ['crm', 'status'],
      ['model', 'publish'],
    ]
    for (const command of commands) {
      const help = await upscore([...command, '--help'])
      expect(optionsOf(help.out), command.join(' ')).not.toContain('--database-url')
    }
  })

  it('lists for model explain and model diff only the options they use', async () => {
    for (const command of ['explain', 'diff']) {
      const options = optionsOf((await upscore(['model', command, '--help'])).out)
      expect(options).toContain('--data-dir')
      for (const serveOnly of ['--port', '--host', '--model', '--durable-fsync'])
        expect(options).not.toContain(serveOnly)
    }
  })
})

describe('settings that are read but not available yet', () => {
  const serveEnv = () => {
    const dir = mkdtempSync(join(tmpdir(), 'upscore-cli-'))
    dirs.push(dir)
    return { UPSCORE_WRITE_KEYS: 'wk', UPSCORE_ADMIN_TOKEN: 'admin', UPSCORE_PORT: '0', UPSCORE_DATA_DIR: dir }
  }

  it('refuses to serve with SLACK_WEBHOOK_URL set, saying why', async () => {
    const env = { ...serveEnv(), SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x' }
    const { code, err } = await upscore(['serve'], env)
    expect(code).toBe(1)
    expect(err).toBe('upscore: Slack alerts are not available in this version yet: unset SLACK_WEBHOOK_URL\n')
  })

  it('refuses --database-url, saying why', async () => {
    const argv = ['model', 'explain', defaultModelPath, '--contact', 'a@b.test', '--database-url', 'postgres://x/y']
    const { code, err } = await upscore(argv, serveEnv())
    expect(code).toBe(1)
    expect(err).toContain('PostgreSQL storage (DATABASE_URL) is not available in this version yet')
  })
})
