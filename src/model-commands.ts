import type { Config } from './config.ts'
import { UpscoreError } from './errors.ts'
import { loadModel } from './load-model.ts'
import { diffModels } from './model-admin/model-diff.ts'
import { printModelDiff } from './model-admin/print-model-diff.ts'
import { evaluateContactUnder } from './pipeline/what-if.ts'
import type { PropertyValue } from './properties/property-value.ts'
import { explainRules } from './scoring/evaluate-score.ts'
import type { Lookup } from './scoring/expression.ts'
import { openStore } from './storage/open-store.ts'

type Print = (line: string) => void

const show = (value: PropertyValue | undefined) => (value === undefined || value === null ? '—' : JSON.stringify(value))
const signed = (points: number) => (points > 0 ? `+${points}` : points < 0 ? `−${Math.abs(points)}` : '0')

/** `upscore model explain FILE --contact KEY`: how a contact would score under a model file, rule by rule. */
export async function explainCommand(
  config: Config,
  file: string,
  key: string,
  print: Print,
  nowMs: number,
): Promise<number> {
  const model = loadModel(file)
  const store = openStore(config, { mustExist: true })
  try {
    const found = await evaluateContactUnder(store, model, key, nowMs)
    if (found === undefined) throw new UpscoreError('not_found', `no contact "${key}" in ${config.dataDir}`)
    print(`${found.email ?? found.id} (${found.id}) under ${file}, at ${new Date(nowMs).toISOString()}`)
    const visible = (values: Record<string, PropertyValue>) =>
      Object.entries(values).filter(([name]) => !name.startsWith('__'))
    if (found.company !== undefined) {
      print(
        `company ${found.companyId}: ${visible(found.company.values)
          .map(([n, v]) => `${n}=${show(v)}`)
          .join(', ')}`,
      )
    }
    print(
      `properties: ${visible(found.contact.values)
        .map(([n, v]) => `${n}=${show(v)}`)
        .join(', ')}`,
    )
    const companyValues = found.company?.values ?? {}
    const lookup: Lookup = (ref) =>
      ref.scope === 'company'
        ? companyValues[ref.name]
        : (found.contact.values[ref.name] ?? found.contact.scores[ref.name]?.value)
    for (const score of model.contactScores) {
      const result = found.contact.scores[score.name]
      if (result === undefined) continue
      const grade = typeof result.gradeScore === 'number' ? `grade score ${result.gradeScore}` : null
      const extra = [result.label, result.grid, grade].filter((x) => x !== null && x !== undefined).join(', ')
      print('')
      print(`${score.name} = ${result.value}${extra === '' ? '' : ` (${extra})`}`)
      for (const rule of explainRules(score, lookup, nowMs)) {
        const read = Object.entries(rule.values)
          .map(([n, v]) => `${n}=${show(v)}`)
          .join(', ')
        const capped = rule.rawPoints !== rule.points ? ` (capped from ${signed(rule.rawPoints)})` : ''
        const where = rule.group === undefined ? '' : `${rule.group} / `
        print(`  ${signed(rule.points).padStart(5)}  ${where}${rule.rule}${capped}${read === '' ? '' : `   ${read}`}`)
      }
      for (const cap of result.reasons.filter((r) => r.rule.endsWith(' cap')))
        print(`  ${signed(cap.points).padStart(5)}  ${cap.rule}`)
    }
    if (found.contact.fired.length > 0) print(`triggers that would fire now: ${found.contact.fired.join(', ')}`)
    return 0
  } finally {
    await store.close()
  }
}

/** `upscore model diff OLD NEW`: how many contacts would change label and by how much, on current data. */
export async function diffCommand(
  config: Config,
  oldFile: string,
  newFile: string,
  print: Print,
  nowMs: number,
): Promise<number> {
  const before = loadModel(oldFile)
  const after = loadModel(newFile)
  const store = openStore(config, { mustExist: true })
  try {
    const diff = await diffModels(store, before, after, nowMs)
    print(`${oldFile} → ${newFile}, on ${diff.contacts} contacts at ${new Date(nowMs).toISOString()}`)
    printModelDiff(diff, print)
    return 0
  } finally {
    await store.close()
  }
}
