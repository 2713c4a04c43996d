import type { Config } from './config.ts'
import { UpscoreError } from './errors.ts'
import { loadModel } from './load-model.ts'
import { evaluateAllContacts, evaluateContactUnder } from './pipeline/what-if.ts'
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
      const extra = [result.label, result.grid].filter((x) => x !== null && x !== undefined).join(', ')
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

interface ScoreDiff {
  compared: number
  changed: number
  up: number
  down: number
  totalDelta: number
  largest: { id: string; from: number; to: number }[]
  labels: Map<string, number>
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
    const old = new Map<string, Record<string, { value: number; label: string | null }>>()
    for await (const { id, evaluation } of evaluateAllContacts(store, before, nowMs)) {
      old.set(
        id,
        Object.fromEntries(Object.entries(evaluation.scores).map(([n, r]) => [n, { value: r.value, label: r.label }])),
      )
    }
    const diffs = new Map<string, ScoreDiff>()
    for await (const { id, evaluation } of evaluateAllContacts(store, after, nowMs)) {
      for (const [name, result] of Object.entries(evaluation.scores)) {
        const previous = old.get(id)?.[name]
        if (previous === undefined) continue
        let diff = diffs.get(name)
        if (diff === undefined) {
          diff = { compared: 0, changed: 0, up: 0, down: 0, totalDelta: 0, largest: [], labels: new Map() }
          diffs.set(name, diff)
        }
        diff.compared++
        const delta = result.value - previous.value
        if (delta !== 0) {
          diff.changed++
          if (delta > 0) diff.up++
          else diff.down++
          diff.totalDelta += delta
          diff.largest.push({ id, from: previous.value, to: result.value })
          diff.largest.sort((a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from))
          diff.largest.length = Math.min(diff.largest.length, 5)
        }
        if (previous.label !== result.label) {
          const move = `${previous.label ?? '—'} → ${result.label ?? '—'}`
          diff.labels.set(move, (diff.labels.get(move) ?? 0) + 1)
        }
      }
    }
    print(`${oldFile} → ${newFile}, on ${old.size} contacts at ${new Date(nowMs).toISOString()}`)
    if (diffs.size === 0) print('no score is in both models')
    for (const [name, diff] of diffs) {
      const relabelled = [...diff.labels.values()].reduce((a, b) => a + b, 0)
      const mean = diff.changed === 0 ? 0 : Math.round((diff.totalDelta / diff.changed) * 10) / 10
      print('')
      print(
        `${name}: ${diff.changed} of ${diff.compared} contacts change (${diff.up} up, ${diff.down} down, mean change ${signed(mean)})`,
      )
      print(`  ${relabelled} change label${relabelled === 0 ? '' : ':'}`)
      for (const [move, count] of [...diff.labels].sort((a, b) => b[1] - a[1])) print(`    ${move}: ${count}`)
      if (diff.largest.length > 0) {
        print(`  largest changes: ${diff.largest.map((l) => `${l.id} ${l.from} → ${l.to}`).join(', ')}`)
      }
    }
    return 0
  } finally {
    await store.close()
  }
}
