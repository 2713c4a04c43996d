// What the simulated product ("Plotline", a B2B reporting app on a 14-day trial) lets people do; the values
// that its events carry as properties.

/** The app's public address, used in page calls. */
export const APP_URL = 'https://app.plotline.test'

export const INTEGRATIONS = [
  'Salesforce',
  'HubSpot',
  'Snowflake',
  'BigQuery',
  'Postgres',
  'Stripe',
  'Google Sheets',
] as const

export const REPORT_TYPES = ['funnel', 'retention', 'revenue', 'cohort', 'pipeline', 'churn'] as const

export const REPORT_FORMATS = ['web', 'pdf', 'csv'] as const

export const WIDGET_TYPES = ['line_chart', 'bar_chart', 'kpi', 'table', 'funnel', 'map'] as const

export const API_ENDPOINTS = [
  { method: 'GET', path: '/v2/metrics' },
  { method: 'GET', path: '/v2/reports' },
  { method: 'POST', path: '/v2/events' },
  { method: 'POST', path: '/v2/queries' },
  { method: 'GET', path: '/v2/dashboards' },
] as const

export const FEATURES = [
  'dashboard_filters',
  'csv_export',
  'scheduled_email',
  'share_link',
  'dark_mode',
  'alerts',
] as const

export const PAGES = [
  { name: 'Dashboard', path: '/dashboard' },
  { name: 'Reports', path: '/reports' },
  { name: 'Integrations', path: '/settings/integrations' },
  { name: 'Team', path: '/settings/team' },
  { name: 'Billing', path: '/settings/billing' },
  { name: 'API Keys', path: '/settings/api' },
  { name: 'Getting Started', path: '/onboarding' },
] as const

export const SIGN_IN_METHODS = ['password', 'google_sso', 'magic_link'] as const

export const INVITE_ROLES = ['member', 'member', 'admin', 'viewer'] as const
