// Prints where a CPU profile spends its time: the functions with the most self time, and the files with the most
// total time. Usage: npx tsx bench/profile-summary.ts PROFILE.cpuprofile [TOP]
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const [file, topText] = process.argv.slice(2)
if (file === undefined) {
  console.error('usage: npx tsx bench/profile-summary.ts PROFILE.cpuprofile [TOP]')
  process.exit(2)
}
const top = Number(topText ?? 25)
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const selfMs = new Map<number, number>()
profile.samples.forEach((id, index) => {
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000)
})
const totalMs = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0)

const shortUrl = (url: string) => url.replace(/^file:\/\/.*?\/(src|bench|node_modules)\//, '$1/')
const byFunction = new Map<string, number>()
for (const node of profile.nodes) {
  const ms = selfMs.get(node.id) ?? 0
  if (ms === 0) continue
  const { functionName, url, lineNumber } = node.callFrame
  const key = `${functionName || '(anonymous)'}  ${shortUrl(url)}:${lineNumber + 1}`
  byFunction.set(key, (byFunction.get(key) ?? 0) + ms)
}
const percent = (ms: number) => `${((100 * ms) / totalMs).toFixed(1).padStart(5)} %`
console.log(`total sampled: ${Math.round(totalMs)} ms\n\nself time by function:`)
for (const [key, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${percent(ms)}  ${Math.round(ms).toString().padStart(7)} ms  ${key}`)
}

// Total (inclusive) time per source file: a sample counts once for every file on its stack.
const parent = new Map<number, number>()
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
const nodeById = new Map(profile.nodes.map((node) => [node.id, node]))
const byFile = new Map<string, number>()
for (const [id, ms] of selfMs) {
  const files = new Set<string>()
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const url = nodeById.get(at)?.callFrame.url ?? ''
    if (url.includes('/src/')) files.add(shortUrl(url))
  }
  for (const f of files) byFile.set(f, (byFile.get(f) ?? 0) + ms)
}
console.log('\ntotal time by source file (src/ only):')
for (const [f, ms] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${percent(ms)}  ${Math.round(ms).toString().padStart(7)} ms  ${f}`)
}
