import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { associateDefault, associationTypesOrReply, labelsBetween, withLabel } from './association-answers.ts'
import { defaultAssociationTypeId, isValidSpec } from './association-types.ts'
import { batchAnswer } from './batch-response.ts'
import type { CrmState } from './crm-state.ts'
import { findRecordPair } from './find-record-pair.ts'
import { type StandardError, standardError } from './hubspot-error.ts'
import { associationSpecSchema, MAX_BATCH_INPUTS } from './object-inputs.ts'
import type { ObjectType } from './object-types.ts'
import { parseBody } from './parse-body.ts'
import { sendError } from './route-errors.ts'
import { sendJson } from './send-json.ts'
import { sendNoDefaultAssociation } from './send-no-default-association.ts'

type BatchRoute = { Params: { fromObjectType: string; toObjectType: string } }

const idSchema = z.union([z.string().min(1), z.number()]).transform(String)
const pairSchema = z.object({ from: z.object({ id: idSchema }), to: z.object({ id: idSchema }) })
const labelledPairSchema = pairSchema.extend({ types: z.array(associationSpecSchema).min(1) })
const batchDefaultSchema = z.object({ inputs: z.array(pairSchema) })
const batchLabelledSchema = z.object({ inputs: z.array(labelledPairSchema) })
const batchReadSchema = z.object({ inputs: z.array(z.object({ id: idSchema })) })
const batchArchiveSchema = z.object({
  inputs: z.array(z.object({ from: z.object({ id: idSchema }), to: z.array(z.object({ id: idSchema })) })),
})

/** Associations v4 in batches: associate default (200), create labelled (201/207), read, archive, archive labels. */
export function registerAssociationBatchRoutes(app: FastifyInstance, state: CrmState): void {
  /** A batch route: both object types, the body and the input count are checked before `handle` runs. */
  const route = <T>(
    action: string,
    schema: z.ZodType<{ inputs: T[] }>,
    handle: (types: [ObjectType, ObjectType], inputs: T[], reply: FastifyReply) => FastifyReply,
  ): void => {
    app.post<BatchRoute>(
      `/crm/v4/associations/:fromObjectType/:toObjectType/batch/${action}`,
      async (request, reply) => {
        const types = associationTypesOrReply(reply, state, request.params.fromObjectType, request.params.toObjectType)
        if (types === undefined) return reply
        const parsed = parseBody(schema, request.body)
        if (!parsed.ok) return sendError(reply, state, 400, 'VALIDATION_ERROR', parsed.message)
        const count = parsed.data.inputs.length
        if (count > MAX_BATCH_INPUTS) {
          return sendError(
            reply,
            state,
            400,
            'VALIDATION_ERROR',
            `Batch input of ${count} is over the limit of ${MAX_BATCH_INPUTS}`,
          )
        }
        return handle(types, parsed.data.inputs, reply)
      },
    )
  }

  route('associate/default', batchDefaultSchema, (types, inputs, reply) => {
    if (defaultAssociationTypeId(types[0], types[1]) === undefined) return sendNoDefaultAssociation(reply, state, types)
    const startedAtMs = state.now()
    const results: unknown[] = []
    const errors: StandardError[] = []
    for (const input of inputs) {
      const pair = findRecordPair(state, types, input.from.id, input.to.id)
      if (!pair.ok) {
        errors.push(pair.error)
        continue
      }
      results.push(...(associateDefault(state, types[0], pair.from, types[1], pair.to) ?? []))
    }
    state.changed()
    // The official client accepts only 200 here, so failed inputs ride in `errors` of a 200 answer.
    const answer = batchAnswer(200, results, errors, startedAtMs, state.now())
    return sendJson(reply, 200, answer.body)
  })

  route('create', batchLabelledSchema, (types, inputs, reply) => {
    const startedAtMs = state.now()
    const results: unknown[] = []
    const errors: StandardError[] = []
    for (const input of inputs) {
      const pair = findRecordPair(state, types, input.from.id, input.to.id)
      if (!pair.ok) {
        errors.push(pair.error)
        continue
      }
      const bad = input.types.find((spec) => !isValidSpec(spec, types[0], types[1]))
      if (bad !== undefined) {
        errors.push(
          standardError('VALIDATION_ERROR', `association type ${bad.typeId} does not link ${types[0]} to ${types[1]}`, {
            fromObjectId: [input.from.id],
            toObjectId: [input.to.id],
          }),
        )
        continue
      }
      state.associations.add(types[0], pair.from.id, types[1], pair.to.id, input.types)
      results.push(labelsBetween(state, types[0], pair.from, types[1], pair.to))
    }
    state.changed()
    const answer = batchAnswer(201, results, errors, startedAtMs, state.now())
    return sendJson(reply, answer.statusCode, answer.body)
  })

  route('read', batchReadSchema, (types, inputs, reply) => {
    const startedAtMs = state.now()
    const results: unknown[] = []
    const notFound: string[] = []
    for (const input of inputs) {
      const from = state.records.get(types[0], input.id)
      if (from === undefined) {
        notFound.push(input.id)
        continue
      }
      const to = state.associations.list(types[0], from.id, types[1])
      results.push({
        from: { id: from.id },
        to: to.map((entry) => ({ toObjectId: entry.toId, associationTypes: entry.specs.map(withLabel) })),
      })
    }
    const errors =
      notFound.length === 0
        ? []
        : [standardError('OBJECT_NOT_FOUND', `No ${types[0]} records with these ids`, { ids: notFound })]
    const answer = batchAnswer(200, results, errors, startedAtMs, state.now())
    return sendJson(reply, answer.statusCode, answer.body)
  })

  route('archive', batchArchiveSchema, (types, inputs, reply) => {
    for (const input of inputs) {
      const from = state.records.get(types[0], input.from.id)
      if (from === undefined) continue
      for (const target of input.to) {
        const to = state.records.get(types[1], target.id)
        if (to !== undefined) state.associations.remove(types[0], from.id, types[1], to.id)
      }
    }
    state.changed()
    return reply.code(204).send()
  })

  route('labels/archive', batchLabelledSchema, (types, inputs, reply) => {
    for (const input of inputs) {
      const pair = findRecordPair(state, types, input.from.id, input.to.id)
      if (!pair.ok) continue
      state.associations.remove(
        types[0],
        pair.from.id,
        types[1],
        pair.to.id,
        input.types.map((spec) => spec.typeId),
      )
    }
    state.changed()
    return reply.code(204).send()
  })
}
