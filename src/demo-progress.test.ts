import { describe, expect, it } from 'vitest'
import { describeProgress, labelsInOrder } from './demo-progress.ts'
import { loadModel } from './load-model.ts'

describe('the demo progress line', () => {
  it('counts contacts and companies, contacts per label, the HubSpot backlog and events per second', () => {
    const line = describeProgress({
      contacts: 318,
      companies: 53,
      labels: [
        { label: 'hot', count: 41 },
        { label: 'warm', count: 97 },
        { label: 'cold', count: 1180 },
      ],
      hubspotBacklog: 0,
      eventsPerSecond: 9.6,
    })
    expect(line).toBe('318 contacts in 53 companies · hot 41 · warm 97 · cold 1,180 · HubSpot backlog 0 · 10 events/s')
  })

  it('says it could not count the backlog rather than showing a number', () => {
    const line = describeProgress({
      contacts: 1,
      companies: 1,
      labels: [],
      hubspotBacklog: undefined,
      eventsPerSecond: 0,
    })
    expect(line).toContain('HubSpot backlog ?')
  })

  it('lists the labels of the default score highest first', () => {
    const score = loadModel(undefined).contactScores[0]
    expect(score === undefined ? [] : labelsInOrder(score)).toEqual(['hot', 'warm', 'cold'])
  })
})
