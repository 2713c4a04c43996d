import { readFileSync } from 'node:fs'
import { setTimeout as delay } from 'node:timers/promises'
import { Command, CommanderError, Option } from 'commander'
import { type ConfigFlags, loadApiClientConfig, loadConfig } from './config.ts'
import { replayCommand } from './crm/replay-command.ts'
import { createSyncApiClient } from './crm/sync-api-client.ts'
import { deadLettersCommand, syncStatusCommand } from './crm/sync-commands.ts'
import { startDemo } from './demo.ts'
import { isUpscoreError, UpscoreError } from './errors.ts'
import { createForgetApiClient } from './forget/forget-api-client.ts'
import { forgetCommand } from './forget/forget-command.ts'
import { checkModelText } from './load-model.ts'
import { createModelApiClient } from './model-admin/model-api-client.ts'
import {
  remoteDraftCommand,
  remoteDraftDiffCommand,
  remotePublishCommand,
  remoteResetCommand,
  remoteRollbackCommand,
  remoteVersionsCommand,
} from './model-admin/remote-model-commands.ts'
import { diffCommand, explainCommand } from './model-commands.ts'
import { formatModelProblem } from './scoring/model-problem.ts'
import { startService } from './serve.ts'
import { demoHelp, serveEnvironmentHelp } from './serve-help.ts'
import { createHubspotSimulator } from './sim/hubspot/hubspot-simulator.ts'
import { createStatusLine, type StatusOutput } from './status-line.ts'
import { stopOnSignal } from './stop-on-signal.ts'

/** Where the command line writes: standard output (a terminal or not) and standard error. */
export interface CliOutput {
  stdout: StatusOutput
  stderr: { write(text: string): void }
}

/** Resolves on SIGINT or SIGTERM, so long-running commands can close cleanly. */
const untilStopped = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })

interface ServeFlags {
  port?: string
  host?: string
  dataDir?: string
  databaseUrl?: string
  model?: string
  durableFsync?: boolean
}

const configFlags = (flags: ServeFlags): ConfigFlags => ({
  port: flags.port,
  host: flags.host,
  dataDir: flags.dataDir,
  databaseUrl: flags.databaseUrl,
  model: flags.model,
  durableFsync: flags.durableFsync,
})

/** Commander's way to take an option more than once. */
const collect = (value: string, previous: string[] = []) => [...previous, value]

/**
 * `--database-url` is taken (and refused with its reason: PostgreSQL is not available yet) but not listed in the
 * help, which would present it as working.
 */
const databaseUrlOption = () => new Option('--database-url <url>', 'PostgreSQL (not available yet)').hideHelp()

/** The options of commands that read the data folder and change nothing. */
function withDataFlags(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'embedded storage folder; env UPSCORE_DATA_DIR, default ./.upscore')
    .addOption(databaseUrlOption())
}

function withServeFlags(command: Command): Command {
  return command
    .option('--port <port>', 'HTTP port (0 picks a free one); env UPSCORE_PORT, default 8080')
    .option('--host <host>', 'bind address; env UPSCORE_HOST, default 127.0.0.1')
    .option('--data-dir <dir>', 'embedded storage folder; env UPSCORE_DATA_DIR, default ./.upscore')
    .addOption(databaseUrlOption())
    .option(
      '--model <file>',
      'scoring model file (YAML), published at start; env UPSCORE_MODEL, default: the model last published, else the built-in one',
    )
    .option('--durable-fsync', 'fsync every commit so events survive power loss; env UPSCORE_DURABLE_FSYNC=1')
}

/** The version in package.json (read when asked, not at import). */
const packageVersion = () =>
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version

function buildProgram(env: NodeJS.ProcessEnv, setExitCode: (code: number) => void, output: CliOutput): Command {
  const print = (line: string) => output.stdout.write(`${line}\n`)
  const printError = (line: string) => output.stderr.write(`${line}\n`)
  const program = new Command('upscore')
    .description('Lead scoring on product usage, synced to HubSpot in real time')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => output.stdout.write(s), writeErr: (s) => output.stderr.write(s) })
    .addHelpText('after', "\nRun `upscore <command> --help` for a command's options and settings.")

  withServeFlags(program.command('serve').description('run the service: ingest, scoring, HubSpot sync, read API'))
    .addHelpText('after', serveEnvironmentHelp)
    .action(async (flags: ServeFlags) => {
      const service = await startService(loadConfig(env, configFlags(flags)), print)
      setExitCode(await stopOnSignal(service, { print }))
    })

  withServeFlags(
    program
      .command('demo')
      .description('serve + the HubSpot simulator + a simulated trial product sending realistic traffic'),
  )
    .addHelpText('after', demoHelp)
    .action(async (flags: ServeFlags) => {
      const config = loadConfig(env, { ...configFlags(flags), port: flags.port ?? env.UPSCORE_PORT ?? '0' })
      const status = createStatusLine(output.stdout, { plainEveryMs: 10_000, now: Date.now })
      const demo = await startDemo({
        config,
        startHubspotSimulator: async () => {
          const simulator = createHubspotSimulator({})
          const url = await simulator.listen({ port: 0, host: config.host })
          return { url, close: () => simulator.close() }
        },
        print: status.print,
        showStatus: status.show,
      })
      await untilStopped()
      status.end()
      await demo.close()
    })

  program
    .command('hubspot-sim')
    .description("a local stand-in for HubSpot's CRM API, with its rate limits and faults")
    .option('--port <port>', 'port (0 picks a free one)', '4010')
    .option('--host <host>', 'bind address', '127.0.0.1')
    .option('--rate-limit <calls>', 'calls allowed per rolling 10 s (search has its own 4/s)', '190')
    .option('--daily-limit <calls>', 'calls allowed per day', '1000000')
    .option('--latency-ms <ms>', 'added to every answer', '0')
    .option('--error-rate <share>', 'share (0-1) of write calls answered 502', '0')
    .option('--timeout-rate <share>', 'share (0-1) of calls that time out (held, then 504)', '0')
    .option('--token <token>', 'the only bearer token accepted (default: any)')
    .option('--data-file <file>', 'keep the data in this JSON file (default: memory only)')
    .action(async (flags: Record<string, string | undefined>) => {
      const number = (name: string) => {
        const value = Number(flags[name])
        if (!Number.isFinite(value) || value < 0) throw new UpscoreError('invalid_config', `--${name} must be a number`)
        return value
      }
      const simulator = createHubspotSimulator({
        rateLimitPer10s: number('rateLimit'),
        dailyLimit: number('dailyLimit'),
        latencyMs: number('latencyMs'),
        errorRate: number('errorRate'),
        timeoutRate: number('timeoutRate'),
        token: flags.token,
        dataFile: flags.dataFile,
      })
      const url = await simulator.listen({ port: number('port'), host: flags.host ?? '127.0.0.1' })
      print(`HubSpot simulator listening on ${url}`)
      await untilStopped()
      await simulator.close()
    })

  const model = program
    .command('model')
    .description("check and explain model files; change a running service's model: draft, publish, versions, roll-back")
  model
    .command('check')
    .description('validate a model file; prints every problem as FILE:LINE:COLUMN message')
    .argument('<file>', 'the model file (YAML)')
    .action((file: string) => {
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch (error) {
        printError(`${file}:1:1 cannot read the file: ${(error as Error).message}`)
        setExitCode(1)
        return
      }
      const checked = checkModelText(text, file)
      // Warnings (HubSpot compatibility) are printed beside the problems, in file order, and leave the exit code 0.
      const all = [...(checked.ok ? [] : checked.problems), ...checked.warnings]
      all.sort((a, b) => a.line - b.line || a.column - b.column)
      for (const problem of all) printError(formatModelProblem(problem))
      if (checked.ok) {
        const m = checked.model
        const warned = checked.warnings.length === 0 ? '' : `, ${checked.warnings.length} warning(s)`
        print(
          `${file}: valid — ${m.contact.properties.filter((p) => p.hidden !== true).length} contact and ` +
            `${m.company.properties.filter((p) => p.hidden !== true).length} company properties, ` +
            `${m.contactScores.length + m.companyScores.length} score(s), ${m.triggers.length} trigger(s)${warned}`,
        )
        return
      }
      setExitCode(1)
    })
  withDataFlags(
    model
      .command('explain')
      .description('show how a contact would score under a model file, rule by rule, without changing anything')
      .argument('<file>', 'the model file (YAML)')
      .requiredOption('--contact <key>', 'the contact: email or userId'),
  ).action(async (file: string, flags: ServeFlags & { contact: string }) => {
    setExitCode(await explainCommand(loadConfig(env, configFlags(flags)), file, flags.contact, print, Date.now()))
  })
  withDataFlags(
    model
      .command('diff')
      .description(
        'show how many contacts would change score and label from one model file to another, on current data',
      )
      .argument('<old>', 'the model in use (YAML)')
      .argument('<new>', 'the candidate model (YAML)'),
  ).action(async (oldFile: string, newFile: string, flags: ServeFlags) => {
    setExitCode(await diffCommand(loadConfig(env, configFlags(flags)), oldFile, newFile, print, Date.now()))
  })

  const remote = (flags: { url?: string }) =>
    createModelApiClient(loadApiClientConfig(env, { url: flags.url }), (url, init) => globalThis.fetch(url, init))
  const io = { print, printError, sleep: (ms: number) => delay(ms) }
  const urlOption = '--url <url>'
  const urlHelp = 'the running service; default http://127.0.0.1:$UPSCORE_PORT (token: UPSCORE_ADMIN_TOKEN)'
  model
    .command('draft')
    .description("save a model file as a running service's draft (not published); problems as FILE:LINE:COLUMN")
    .argument('<file>', 'the model file (YAML)')
    .option(urlOption, urlHelp)
    .action(async (file: string, flags: { url?: string }) => {
      setExitCode(await remoteDraftCommand(remote(flags), file, io))
    })
  model
    .command('publish')
    .description('make a model file live on a running service: saved as the draft, published, followed until live')
    .argument('<file>', 'the model file (YAML)')
    .option(urlOption, urlHelp)
    .option('--no-wait', 'return once the publish has started')
    .action(async (file: string, flags: { url?: string; wait: boolean }) => {
      setExitCode(await remotePublishCommand(remote(flags), file, { wait: flags.wait }, io))
    })
  model
    .command('draft-diff')
    .description("show how contacts' scores and labels would change if a running service's draft were published")
    .option(urlOption, urlHelp)
    .action(async (flags: { url?: string }) => {
      setExitCode(await remoteDraftDiffCommand(remote(flags), io))
    })
  model
    .command('reset')
    .description("make a running service's draft the live model again (drops the draft's changes)")
    .option(urlOption, urlHelp)
    .action(async (flags: { url?: string }) => {
      setExitCode(await remoteResetCommand(remote(flags), io))
    })
  model
    .command('versions')
    .description('list the versions a running service has published, newest first, and which one is live')
    .option(urlOption, urlHelp)
    .action(async (flags: { url?: string }) => {
      setExitCode(await remoteVersionsCommand(remote(flags), io))
    })
  model
    .command('rollback')
    .description('publish a version published before again (see `model versions`), followed until it is live')
    .argument('<version>', 'the version to go back to')
    .option(urlOption, urlHelp)
    .option('--no-wait', 'return once the publish has started')
    .action(async (version: string, flags: { url?: string; wait: boolean }) => {
      setExitCode(await remoteRollbackCommand(remote(flags), version, { wait: flags.wait }, io))
    })

  program
    .command('forget')
    .description(
      'forget a person on a running service (GDPR): the contact, its ids, events, score history and CRM backlog; its company is re-scored',
    )
    .argument('<key>', 'the contact: email or userId')
    .option('--hubspot', 'delete the contact in HubSpot too (GDPR delete, by email)')
    .option(urlOption, urlHelp)
    .action(async (key: string, flags: { url?: string; hubspot?: boolean }) => {
      const client = createForgetApiClient(loadApiClientConfig(env, { url: flags.url }), (url, init) =>
        globalThis.fetch(url, init),
      )
      setExitCode(await forgetCommand(client, key, { hubspot: flags.hubspot === true }, print))
    })

  const crm = program
    .command('crm')
    .description("the HubSpot sync: a running service's sync health and dead letters, and replaying them")
  const syncApi = (flags: { url?: string }) =>
    createSyncApiClient(loadApiClientConfig(env, { url: flags.url }), (url, init) => globalThis.fetch(url, init))
  crm
    .command('status')
    .description("show a running service's HubSpot sync: backlog, calls, rate limits, latency, dead letters")
    .option(urlOption, urlHelp)
    .action(async (flags: { url?: string }) => {
      setExitCode(await syncStatusCommand(syncApi(flags), print))
    })
  crm
    .command('dead-letters')
    .description('list the records HubSpot refused for good, newest first, with its reason')
    .option(urlOption, urlHelp)
    .option('--limit <n>', 'how many to list (1–1000)', '100')
    .action(async (flags: { url?: string; limit: string }) => {
      const limit = Number(flags.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw new UpscoreError('invalid_config', `--limit must be a whole number from 1 to 1000, got "${flags.limit}"`)
      }
      setExitCode(await deadLettersCommand(syncApi(flags), limit, print))
    })
  crm
    .command('replay')
    .description(
      'put the dead letters (records HubSpot refused for good) back in the outbox; a running serve sends them on its next poll',
    )
    .option('--contact <key>', 'only the dead letters of this contact: email or userId (repeatable)', collect)
    .option('--data-dir <dir>', 'embedded storage folder; env UPSCORE_DATA_DIR, default ./.upscore')
    .addOption(databaseUrlOption())
    .action(async (flags: ServeFlags & { contact?: string[] }) => {
      setExitCode(await replayCommand(loadConfig(env, configFlags(flags)), flags.contact ?? [], print))
    })
  return program
}

/** Runs the command line; resolves with the process exit code. */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  output: CliOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let exitCode = 0
  const program = buildProgram(
    env,
    (code) => {
      exitCode = code
    },
    output,
  )
  // `upscore` or `upscore model` alone asks what there is: the help, on standard output, and no error.
  const group =
    argv.length === 1 ? program.commands.find((c) => c.name() === argv[0] && c.commands.length > 0) : undefined
  if (argv.length === 0 || group !== undefined) {
    ;(group ?? program).outputHelp()
    return 0
  }
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode
    if (isUpscoreError(error)) {
      output.stderr.write(`upscore: ${error.message}\n`)
      return 1
    }
    output.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
    return 1
  }
}
