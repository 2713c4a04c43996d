// `upscore` as bin/upscore.js runs it, from the TypeScript sources: `node --import tsx test/upscore-from-sources.ts serve`.
// Tests spawn it to signal and kill the real process.
import { runCli } from '../src/cli.ts'

process.exitCode = await runCli(process.argv.slice(2), process.env)
