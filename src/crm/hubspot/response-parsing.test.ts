import { describe, expect, it } from 'vitest'
import { describeHubspotError, parseHubspotError } from './hubspot-error.ts'
import { attributeErrors, classifyRefusal } from './input-errors.ts'
import { readRateLimitHeaders, readRetryAfterMs } from './rate-limit-headers.ts'
import { matchResults, objectBatchSchema } from './upsert-response.ts'

const headersOf = (values: Record<string, string>) => new Headers(values)

describe('HubSpot answers', () => {
  it('matches upsert results to inputs by email, not by order, ignoring case', () => {
    const batch = objectBatchSchema.parse({
      status: 'COMPLETE',
      results: [
        { id: '2', properties: { email: 'bob@x.test' }, new: false },
        { id: '1', properties: { email: 'ada@x.test' }, new: true },
      ],
    })
    expect(matchResults('contacts', ['ada@x.test', 'bob@x.test'], batch.results)).toEqual(
      new Map([
        ['ada@x.test', '1'],
        ['bob@x.test', '2'],
      ]),
    )
  })

  it('matches a contact found by a secondary email', () => {
    const batch = objectBatchSchema.parse({
      results: [{ id: '9', properties: { email: 'main@x.test', hs_additional_emails: 'old@x.test;alias@x.test' } }],
    })
    expect(matchResults('contacts', ['alias@x.test'], batch.results).get('alias@x.test')).toBe('9')
  })

  it('matches companies by product_account_id', () => {
    const batch = objectBatchSchema.parse({ results: [{ id: 7, properties: { product_account_id: 'acme' } }] })
    expect(matchResults('companies', ['acme', 'beta'], batch.results)).toEqual(new Map([['acme', '7']]))
  })

  it('attributes the errors of a 207 to the inputs they name', () => {
    const errors = [
      {
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: 'Property values were not valid',
        context: { ids: ['Bad@X.test'] },
        errors: [{ message: 'lots was not a valid long.', code: 'INVALID_LONG', in: 'logins' }],
      },
      { status: 'error', category: 'VALIDATION_ERROR', message: 'x', context: { ids: ['nobody@x.test'] } },
    ].map(parseHubspotError)
    const refusals = attributeErrors('contacts', new Set(['bad@x.test', 'ok@x.test']), errors)
    expect([...refusals.keys()]).toEqual(['bad@x.test'])
    expect(refusals.get('bad@x.test')).toEqual({
      kind: 'permanent',
      reason: 'VALIDATION_ERROR: Property values were not valid [logins INVALID_LONG lots was not a valid long.]',
    })
  })

  it('asks for provisioning when HubSpot lacks a property', () => {
    const error = parseHubspotError({
      category: 'VALIDATION_ERROR',
      message: 'Property values were not valid',
      errors: [{ message: 'Property "x" does not exist', code: 'PROPERTY_DOESNT_EXIST', in: 'x' }],
    })
    expect(classifyRefusal(error, 400).kind).toBe('missing_property')
  })

  it('describes an error with its status, category, message and correlation id', () => {
    const error = parseHubspotError({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: 'c-1',
      policyName: 'TEN_SECONDLY_ROLLING',
    })
    expect(error.policyName).toBe('TEN_SECONDLY_ROLLING')
    expect(describeHubspotError(error, 429)).toBe(
      '429 RATE_LIMIT TEN_SECONDLY_ROLLING: You have reached your ten_secondly_rolling limit. (correlationId c-1)',
    )
  })

  it('keeps a body that is not JSON as the message', () => {
    expect(parseHubspotError('<html>Bad Gateway</html>').message).toBe('<html>Bad Gateway</html>')
  })

  it('reads the rate-limit headers and Retry-After', () => {
    const headers = headersOf({
      'X-HubSpot-RateLimit-Max': '30',
      'X-HubSpot-RateLimit-Remaining': '12',
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      'X-HubSpot-RateLimit-Daily': '250000',
      'X-HubSpot-RateLimit-Daily-Remaining': '249000',
      'Retry-After': '2',
    })
    expect(readRateLimitHeaders(headers)).toEqual({
      max: 30,
      remaining: 12,
      intervalMs: 10_000,
      daily: 250_000,
      dailyRemaining: 249_000,
    })
    expect(readRetryAfterMs(headers, 0)).toBe(2_000)
    expect(readRateLimitHeaders(headersOf({}))).toBeUndefined()
  })
})
