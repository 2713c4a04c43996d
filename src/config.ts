import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { UpscoreError } from './errors.ts'

/** Flags given on the command line; each overrides the environment variable of the same meaning. */
export interface ConfigFlags {
  port?: string | undefined
  host?: string | undefined
  dataDir?: string | undefined
  databaseUrl?: string | undefined
  model?: string | undefined
  durableFsync?: boolean | undefined
}

/** The whole configuration of `serve`, validated once and frozen. Only this module reads the environment. */
export interface Config {
  /** HTTP port of `serve`; 0 picks a free one. Default 8080. */
  port: number
  /** Bind address. Default 127.0.0.1. */
  host: string
  /** Folder of the embedded store. Default `./.upscore`. */
  dataDir: string
  /** `postgres://…` selects PostgreSQL instead of the embedded store. */
  databaseUrl: string | undefined
  /** Path of the model file; undefined means the shipped default model. */
  modelPath: string | undefined
  /** Write keys the ingest API accepts. */
  writeKeys: readonly string[]
  /** Bearer token for `/api/*`. */
  adminToken: string | undefined
  /**
   * When true every commit is fsynced, so acknowledged events survive power loss, not only a process crash.
   * Requests arriving together share one commit. Default false (`UPSCORE_DURABLE_FSYNC=1` or `--durable-fsync`).
   */
  durableFsync: boolean
  /** Score history older than this many days is deleted (checked hourly). Default 365. */
  historyRetentionDays: number
  /**
   * Events received more than this many days ago, once processed, are deleted (checked hourly); undefined keeps
   * them for ever (the default). At least 1: a repeated messageId is recognised for as long as its event is kept, so
   * the dedupe window is never under 24 hours. A model change rebuilds a new property only from the events kept.
   */
  eventRetentionDays: number | undefined
  /**
   * How often the cut-offs of percentile labels (`percentile_labels`) are worked out again from the current scores,
   * in minutes; also at start. Default 10.
   */
  percentileIntervalMinutes: number
  /**
   * Back-pressure: ingest answers 503 with Retry-After while more than this many events wait to be processed, until
   * the backlog is back under 80 % of it. Default 1,000,000.
   */
  maxLagEvents: number
  /** … or while the oldest event waiting has waited more than this many seconds. Default 600. */
  maxLagSeconds: number
  hubspot: HubspotConfig | undefined
  /** Slack incoming-webhook URL for alerts. */
  slackWebhookUrl: string | undefined
}

export interface HubspotConfig {
  accessToken: string
  /** Default `https://api.hubapi.com`. */
  baseUrl: string
  /** The portal's allowance per rolling 10 s (190 for Professional and Enterprise). Default 190. */
  callsPer10Seconds: number
  /** The portal's daily allowance. Default 1,000,000. */
  callsPerDay: number
  /** The share of the allowances upscore may use, since other apps share the portal. Default 0.9. */
  budgetShare: number
}

const nonEmpty = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional()

const envSchema = z.object({
  UPSCORE_PORT: nonEmpty,
  UPSCORE_HOST: nonEmpty,
  UPSCORE_DATA_DIR: nonEmpty,
  DATABASE_URL: nonEmpty,
  UPSCORE_MODEL: nonEmpty,
  UPSCORE_WRITE_KEYS: nonEmpty,
  UPSCORE_ADMIN_TOKEN: nonEmpty,
  UPSCORE_DURABLE_FSYNC: nonEmpty,
  UPSCORE_HISTORY_RETENTION_DAYS: nonEmpty,
  UPSCORE_EVENT_RETENTION_DAYS: nonEmpty,
  UPSCORE_PERCENTILE_INTERVAL_MINUTES: nonEmpty,
  UPSCORE_MAX_LAG_EVENTS: nonEmpty,
  UPSCORE_MAX_LAG_SECONDS: nonEmpty,
  HUBSPOT_ACCESS_TOKEN: nonEmpty,
  HUBSPOT_ACCESS_TOKEN_FILE: nonEmpty,
  UPSCORE_WRITE_KEYS_FILE: nonEmpty,
  UPSCORE_ADMIN_TOKEN_FILE: nonEmpty,
  SLACK_WEBHOOK_URL_FILE: nonEmpty,
  HUBSPOT_BASE_URL: nonEmpty,
  HUBSPOT_CALLS_PER_10_SECONDS: nonEmpty,
  HUBSPOT_CALLS_PER_DAY: nonEmpty,
  HUBSPOT_BUDGET_SHARE: nonEmpty,
  SLACK_WEBHOOK_URL: nonEmpty,
})

/** Every environment variable upscore reads (for the help, which must list them all). */
export const environmentVariables: readonly string[] = Object.keys(envSchema.shape)

function parseNumber(name: string, raw: string | undefined, fallback: number, check: (n: number) => boolean): number {
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || !check(value)) {
    throw new UpscoreError('invalid_config', `${name} must be a valid number, got "${raw}"`)
  }
  return value
}

/** At least one day: the dedupe window (as long as an event is kept) is promised to be at least 24 hours. */
function parseEventRetentionDays(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const days = Number(raw)
  if (!Number.isFinite(days) || days < 1) {
    throw new UpscoreError(
      'invalid_config',
      `UPSCORE_EVENT_RETENTION_DAYS must be a number of days, at least 1 (unset keeps events for ever), got "${raw}"`,
    )
  }
  return days
}

/** A URL setting; a secret one (a webhook URL is its own credential) is never quoted back in the error. */
function parseUrl(name: string, raw: string, options: { isSecret?: boolean } = {}): string {
  try {
    return new URL(raw).toString().replace(/\/$/, '')
  } catch {
    const got = options.isSecret === true ? '' : `, got "${raw}"`
    throw new UpscoreError('invalid_config', `${name} must be a URL${got}`)
  }
}

/** Reads a file that holds a secret (`…_FILE` settings, as Docker and Kubernetes secrets are mounted). */
export type SecretFileReader = (path: string) => string

const readSecretFileFromDisk: SecretFileReader = (path) => readFileSync(path, 'utf8')

type SecretName = 'HUBSPOT_ACCESS_TOKEN' | 'UPSCORE_WRITE_KEYS' | 'UPSCORE_ADMIN_TOKEN' | 'SLACK_WEBHOOK_URL'

/** A secret given in the variable itself or, with `NAME_FILE`, in a file (its content, trimmed); not both. */
function secretSetting(
  e: z.infer<typeof envSchema>,
  name: SecretName,
  readSecretFile: SecretFileReader,
): string | undefined {
  const direct = e[name]
  const file = e[`${name}_FILE`]
  if (file === undefined) return direct
  if (direct !== undefined) throw new UpscoreError('invalid_config', `set ${name} or ${name}_FILE, not both`)
  let text: string
  try {
    text = readSecretFile(file)
  } catch (error) {
    throw new UpscoreError('invalid_config', `${name}_FILE: cannot read ${file}: ${(error as Error).message}`)
  }
  const value = text.trim()
  if (value === '') throw new UpscoreError('invalid_config', `${name}_FILE: ${file} is empty`)
  return value
}

/**
 * Reads the configuration from `env` and `flags`; throws `invalid_config` naming the first bad setting. Secrets may
 * come from files (`HUBSPOT_ACCESS_TOKEN_FILE`, …), read with `readSecretFile`.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  flags: ConfigFlags = {},
  readSecretFile: SecretFileReader = readSecretFileFromDisk,
): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) throw new UpscoreError('invalid_config', parsed.error.message)
  const e = parsed.data
  const secret = (name: SecretName) => secretSetting(e, name, readSecretFile)
  const slackWebhookUrl = secret('SLACK_WEBHOOK_URL')
  const port = parseNumber(
    'UPSCORE_PORT',
    flags.port ?? e.UPSCORE_PORT,
    8080,
    (n) => Number.isInteger(n) && n >= 0 && n < 65536,
  )
  const token = secret('HUBSPOT_ACCESS_TOKEN')
  const hubspot: HubspotConfig | undefined =
    token === undefined
      ? undefined
      : {
          accessToken: token,
          baseUrl: parseUrl('HUBSPOT_BASE_URL', e.HUBSPOT_BASE_URL ?? 'https://api.hubapi.com'),
          callsPer10Seconds: parseNumber(
            'HUBSPOT_CALLS_PER_10_SECONDS',
            e.HUBSPOT_CALLS_PER_10_SECONDS,
            190,
            (n) => n >= 1,
          ),
          callsPerDay: parseNumber('HUBSPOT_CALLS_PER_DAY', e.HUBSPOT_CALLS_PER_DAY, 1_000_000, (n) => n >= 1),
          budgetShare: parseNumber('HUBSPOT_BUDGET_SHARE', e.HUBSPOT_BUDGET_SHARE, 0.9, (n) => n > 0 && n <= 1),
        }
  const config: Config = {
    port,
    host: flags.host ?? e.UPSCORE_HOST ?? '127.0.0.1',
    dataDir: flags.dataDir ?? e.UPSCORE_DATA_DIR ?? './.upscore',
    databaseUrl: flags.databaseUrl ?? e.DATABASE_URL,
    modelPath: flags.model ?? e.UPSCORE_MODEL,
    writeKeys: (secret('UPSCORE_WRITE_KEYS') ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key !== ''),
    adminToken: secret('UPSCORE_ADMIN_TOKEN'),
    durableFsync: flags.durableFsync ?? ['1', 'true', 'yes'].includes((e.UPSCORE_DURABLE_FSYNC ?? '').toLowerCase()),
    historyRetentionDays: parseNumber(
      'UPSCORE_HISTORY_RETENTION_DAYS',
      e.UPSCORE_HISTORY_RETENTION_DAYS,
      365,
      (n) => n > 0,
    ),
    eventRetentionDays: parseEventRetentionDays(e.UPSCORE_EVENT_RETENTION_DAYS),
    percentileIntervalMinutes: parseNumber(
      'UPSCORE_PERCENTILE_INTERVAL_MINUTES',
      e.UPSCORE_PERCENTILE_INTERVAL_MINUTES,
      10,
      (n) => n > 0,
    ),
    maxLagEvents: parseNumber('UPSCORE_MAX_LAG_EVENTS', e.UPSCORE_MAX_LAG_EVENTS, 1_000_000, (n) => n >= 1),
    maxLagSeconds: parseNumber('UPSCORE_MAX_LAG_SECONDS', e.UPSCORE_MAX_LAG_SECONDS, 600, (n) => n > 0),
    hubspot,
    slackWebhookUrl:
      slackWebhookUrl === undefined ? undefined : parseUrl('SLACK_WEBHOOK_URL', slackWebhookUrl, { isSecret: true }),
  }
  return Object.freeze(config)
}

/** Every secret of a configuration, for redaction from whatever the service prints. */
export function secretsOf(config: Config): string[] {
  return [...config.writeKeys, config.adminToken, config.hubspot?.accessToken, config.slackWebhookUrl].filter(
    (secret): secret is string => secret !== undefined,
  )
}

/** How a command reaches a running service's API (`upscore model publish`, `model draft`). */
export interface ApiClientConfig {
  /** The service's base URL. Default `http://127.0.0.1:$UPSCORE_PORT` (8080). */
  url: string
  /** `UPSCORE_ADMIN_TOKEN`. */
  adminToken: string
}

/** Reads where the running service is (`--url`, else the port of `UPSCORE_PORT`) and its admin token. */
export function loadApiClientConfig(env: NodeJS.ProcessEnv, flags: { url?: string | undefined } = {}): ApiClientConfig {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) throw new UpscoreError('invalid_config', parsed.error.message)
  const e = parsed.data
  const adminToken = secretSetting(e, 'UPSCORE_ADMIN_TOKEN', readSecretFileFromDisk)
  if (adminToken === undefined) {
    throw new UpscoreError('invalid_config', "UPSCORE_ADMIN_TOKEN is not set: give the running service's admin token")
  }
  const port = parseNumber('UPSCORE_PORT', e.UPSCORE_PORT, 8080, (n) => Number.isInteger(n) && n > 0 && n < 65536)
  const url = parseUrl('--url', flags.url ?? `http://127.0.0.1:${port}`)
  return Object.freeze({ url, adminToken })
}
