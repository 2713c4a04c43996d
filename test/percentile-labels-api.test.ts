import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkModelText } from '../src/load-model.ts'
import { readStoredCutoffs, writeStoredCutoffs } from '../src/pipeline/stored-cutoffs.ts'
import { adminToken, startTestServer, type TestServer } from './ingest-test-server.ts'

const text = `properties:
  contact:
    logins: { type: count, event: Signed In }
scores:
  ltb:
    subject: contact
    rules:
      logins: { points: 1, per: 1, of: logins }
    percentile_labels: { very_high: 1, high: 10, medium: 30, low: null }
  fit:
    subject: contact
    rules:
      logins: { points: 1, per: 1, of: logins }
    labels: { good: 5, poor: null }
`
const checked = checkModelText(text, 'model.yaml')
if (!checked.ok) throw new Error(checked.problems.map((p) => p.message).join('\n'))
const model = checked.model

describe('GET /api/model with percentile labels', () => {
  let server: TestServer
  const scores = async () => {
    const response = await fetch(`${server.url}/api/model`, { headers: { authorization: `Bearer ${adminToken}` } })
    return ((await response.json()) as { scores: { name: string; percentileLabels: unknown }[] }).scores
  }

  beforeEach(async () => {
    server = await startTestServer({ model: () => model, scoreCutoffs: () => readStoredCutoffs(server.store) })
  })
  afterEach(async () => {
    await server.close()
  })

  it('shows each tier with no cut-off before the first calibration', async () => {
    expect((await scores()).find((s) => s.name === 'ltb')?.percentileLabels).toEqual({
      calibratedAt: null,
      subjects: null,
      tiers: [
        { label: 'very_high', topPercent: 1, atLeast: null },
        { label: 'high', topPercent: 10, atLeast: null },
        { label: 'medium', topPercent: 30, atLeast: null },
        { label: 'low', topPercent: null, atLeast: null },
      ],
    })
  })

  it('shows the cut-offs in force, when they were worked out and among how many subjects', async () => {
    await writeStoredCutoffs(server.store, {
      modelVersion: model.version,
      atMs: Date.parse('2026-11-26T16:00:00Z'),
      scores: { ltb: { subjects: 100, cutoffs: { very_high: 100, high: 91, medium: 71 } } },
    })
    const [ltb, fit] = await scores()
    expect(ltb?.percentileLabels).toEqual({
      calibratedAt: '2026-11-26T16:00:00.000Z',
      subjects: 100,
      tiers: [
        { label: 'very_high', topPercent: 1, atLeast: 100 },
        { label: 'high', topPercent: 10, atLeast: 91 },
        { label: 'medium', topPercent: 30, atLeast: 71 },
        { label: 'low', topPercent: null, atLeast: null },
      ],
    })
    expect(fit?.percentileLabels).toBeNull()
  })
})
