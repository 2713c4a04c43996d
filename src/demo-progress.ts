import type { CompiledScore } from './scoring/compiled-model.ts'
import type { Store } from './storage/store.ts'

/** What the demo's progress line shows. */
export interface DemoProgress {
  contacts: number
  companies: number
  /** The number of contacts with each label of the main score, highest label first. */
  labels: readonly { label: string; count: number }[]
  /** Records waiting to be written to HubSpot; undefined when it could not be counted. */
  hubspotBacklog: number | undefined
  /** Events the processor applied per second, lately. */
  eventsPerSecond: number
}

const number = (n: number) => n.toLocaleString('en-US')

/** `318 contacts in 53 companies · hot 41 · warm 97 · cold 180 · HubSpot backlog 0 · 10 events/s` */
export function describeProgress(progress: DemoProgress): string {
  const parts = [
    `${number(progress.contacts)} contacts in ${number(progress.companies)} companies`,
    ...progress.labels.map(({ label, count }) => `${label} ${number(count)}`),
    `HubSpot backlog ${progress.hubspotBacklog === undefined ? '?' : number(progress.hubspotBacklog)}`,
    `${number(Math.round(progress.eventsPerSecond))} events/s`,
  ]
  return parts.join(' · ')
}

/** A score's labels, highest first: by threshold, the one below them all last, or by rank tier. */
export function labelsInOrder(score: CompiledScore): string[] {
  const labels = score.percentiles?.tiers.map((tier) => tier.label) ?? score.thresholds.map((t) => t.label)
  const below = score.percentiles?.fallbackLabel ?? score.fallbackLabel
  return [...labels, ...(below === null || below === undefined ? [] : [below])]
}

/** How many contacts have each label of `score` now, in the order of `labelsInOrder`. */
export async function countLabels(
  store: Pick<Store, 'scoreLabels'>,
  score: CompiledScore,
): Promise<{ label: string; count: number }[]> {
  const counts = new Map(labelsInOrder(score).map((label) => [label, 0]))
  for (let after: string | null = ''; after !== null; ) {
    const page: Awaited<ReturnType<Store['scoreLabels']>> = await store.scoreLabels('contact', score.name, after, 5_000)
    for (const { label } of page.entries) if (label !== null) counts.set(label, (counts.get(label) ?? 0) + 1)
    after = page.nextAfterId
  }
  return [...counts].map(([label, count]) => ({ label, count }))
}
