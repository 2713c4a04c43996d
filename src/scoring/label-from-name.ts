/** Words written in capitals (or their own way) in a label, by their lower-case form. */
const WORDS_OF_THEIR_OWN: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'API',
    'APIs',
    'URL',
    'URLs',
    'ID',
    'IDs',
    'CRM',
    'SSO',
    'SAML',
    'SDK',
    'CSV',
    'PDF',
    'UI',
    'UX',
    'AI',
    'MRR',
    'ARR',
    'ACV',
    'LTV',
    'ROI',
    'KPI',
    'NPS',
    'PQL',
    'MQL',
    'SQL',
    'B2B',
    'B2C',
    'SEO',
    'SMS',
    'UTM',
    'VP',
    'CEO',
    'CTO',
    'CFO',
    'HTTP',
    'JSON',
    'AWS',
    'SaaS',
    'OAuth',
    'iOS',
    'HubSpot',
  ].map((word) => [word.toLowerCase(), word]),
)

/**
 * A readable label from a name, as HubSpot shows one: `api_calls_last_7_days` → `API calls last 7 days`. Words
 * are separated at `_`; known acronyms keep their capitals, a word written with capitals keeps them, and the label
 * starts with a capital.
 */
export function labelFromName(name: string): string {
  const words = name
    .split('_')
    .filter((word) => word !== '')
    .map((word) => (word === word.toLowerCase() ? (WORDS_OF_THEIR_OWN[word] ?? word) : word))
  const text = words.join(' ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}
