import type { SyncHealth } from './sync-health.ts'

type Metric = { name: string; help: string; type: 'gauge' | 'counter'; samples: { labels?: string; value: number }[] }

/** The sync's health in Prometheus' text exposition format (version 0.0.4). */
export function toPrometheusText(health: SyncHealth): string {
  const metrics: Metric[] = [
    gauge('upscore_hubspot_backlog_records', 'CRM changes waiting for HubSpot, by object type', [
      { labels: 'object_type="contacts"', value: health.backlog.contacts },
      { labels: 'object_type="companies"', value: health.backlog.companies },
    ]),
    gauge('upscore_hubspot_oldest_change_age_seconds', 'Age of the oldest change not yet in HubSpot', [
      { value: (health.backlog.oldestChangeAgeMs ?? 0) / 1000 },
    ]),
    gauge('upscore_hubspot_calls_last_minute', 'HubSpot calls in the last minute', [
      { value: health.lastMinute.calls },
    ]),
    gauge('upscore_hubspot_records_last_minute', 'Records sent in batch upserts in the last minute', [
      { value: health.lastMinute.records },
    ]),
    {
      name: 'upscore_hubspot_calls_total',
      help: 'HubSpot calls since start, by answer status',
      type: 'counter',
      samples: Object.entries(health.callsByStatus).map(([status, value]) => ({ labels: `status="${status}"`, value })),
    },
    counter('upscore_hubspot_rate_limited_total', 'HubSpot calls answered 429 since start', health.rateLimited),
    counter(
      'upscore_hubspot_records_confirmed_total',
      'Records HubSpot confirmed since start',
      health.totals.confirmed,
    ),
    gauge('upscore_hubspot_dead_letters', 'Records HubSpot refused for good, kept with the reason', [
      { value: health.deadLetters },
    ]),
    gauge('upscore_hubspot_latency_seconds', 'Event to HubSpot latency over recent records', [
      ...(health.latencyMs.p50 === null ? [] : [{ labels: 'quantile="0.5"', value: health.latencyMs.p50 / 1000 }]),
      ...(health.latencyMs.p99 === null ? [] : [{ labels: 'quantile="0.99"', value: health.latencyMs.p99 / 1000 }]),
    ]),
    gauge('upscore_hubspot_budget_per_window', 'Calls upscore may make per rate-limit window', [
      { value: health.budget.budgetPerWindow },
    ]),
    gauge('upscore_hubspot_used_in_window', 'Calls of upscore in the current window', [
      { value: health.budget.usedInWindow },
    ]),
  ]
  return `${metrics.flatMap(render).join('\n')}\n`
}

const gauge = (name: string, help: string, samples: Metric['samples']): Metric => ({
  name,
  help,
  type: 'gauge',
  samples,
})
const counter = (name: string, help: string, value: number): Metric => ({
  name,
  help,
  type: 'counter',
  samples: [{ value }],
})

function render(metric: Metric): string[] {
  return [
    `# HELP ${metric.name} ${metric.help}`,
    `# TYPE ${metric.name} ${metric.type}`,
    ...metric.samples.map((s) => `${metric.name}${s.labels === undefined ? '' : `{${s.labels}}`} ${s.value}`),
  ]
}
