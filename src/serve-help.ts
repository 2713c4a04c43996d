/**
 * The settings `serve` reads from the environment, for `upscore serve --help`. Every variable `config.ts` reads is
 * listed (a test holds it to that).
 */
export const serveEnvironmentHelp = `
Environment (a flag of the same meaning overrides the variable):
  UPSCORE_WRITE_KEYS                   required: comma-separated write keys the ingest API accepts
  UPSCORE_ADMIN_TOKEN                  required: the bearer token of /api/*
  UPSCORE_PORT, UPSCORE_HOST           as --port and --host
  UPSCORE_DATA_DIR, UPSCORE_MODEL      as --data-dir and --model
  UPSCORE_DURABLE_FSYNC=1              as --durable-fsync
  UPSCORE_HISTORY_RETENTION_DAYS       days of score history kept (default 365)
  UPSCORE_EVENT_RETENTION_DAYS         days raw events are kept once processed, at least 1 (default: for ever);
                                       also how long a repeated messageId is recognised
  UPSCORE_PERCENTILE_INTERVAL_MINUTES  how often percentile labels' cut-offs are worked out (default 10)
  UPSCORE_MAX_LAG_EVENTS               back-pressure: ingest answers 503 while more events than this wait to be
                                       processed (default 1000000)
  UPSCORE_MAX_LAG_SECONDS              … or while the oldest waiting has waited longer than this (default 600)
  HUBSPOT_ACCESS_TOKEN                 a HubSpot private-app token; unset: no HubSpot sync
  HUBSPOT_BASE_URL                     default https://api.hubapi.com (the simulator: http://127.0.0.1:4010)
  HUBSPOT_CALLS_PER_10_SECONDS         your portal's 10-second allowance (default 190; 100 on Free and Starter)
  HUBSPOT_CALLS_PER_DAY                your portal's daily allowance (default 1000000)
  HUBSPOT_BUDGET_SHARE                 the share of those allowances upscore may use (default 0.9)
  HUBSPOT_ACCESS_TOKEN_FILE, UPSCORE_ADMIN_TOKEN_FILE, UPSCORE_WRITE_KEYS_FILE
                                       the secret read from a file instead (as Docker and Kubernetes mount them)

Not available yet (serve refuses to start while one is set):
  DATABASE_URL, --database-url         PostgreSQL storage
  SLACK_WEBHOOK_URL, SLACK_WEBHOOK_URL_FILE
                                       Slack alerts

Example:
  UPSCORE_WRITE_KEYS=wk_live_123 UPSCORE_ADMIN_TOKEN=change-me npx upscore serve
`

/** What `upscore demo --help` adds to its options. */
export const demoHelp = `
The demo makes its own write key and admin token and prints them, starts a HubSpot simulator on a free port
(it prints "HubSpot simulator: http://HOST:PORT": open it in a browser), and honours UPSCORE_PORT and
UPSCORE_DATA_DIR. Run again on the same data folder, it reuses the data and sends live events only.
`
