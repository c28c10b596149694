/**
 * Summarises a V8 .cpuprofile (from `npm run bench -- api --cpu-prof <dir>`): self time by
 * function and by package, to see where a request's time goes.
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`
 */
import { readFileSync } from 'node:fs'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
}

const [file, topArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: profile-summary <file.cpuprofile> [top]')
  process.exit(64)
}
const top = Number(topArg ?? 25)
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<number, number>()
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
const total = [...self.values()].reduce((a, b) => a + b, 0)

const where = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (m) return m[1]!
  if (url.includes('/server/')) return 'corkboard:' + url.slice(url.indexOf('/server/') + 1)
  return url ? url.replace(/^.*\//, '') : '(native/gc)'
}
const fnTimes = new Map<string, number>()
const pkgTimes = new Map<string, number>()
for (const [id, us] of self) {
  const f = byId.get(id)!.callFrame
  const key = `${f.functionName || '(anonymous)'}  ${where(f.url)}:${f.lineNumber + 1}`
  fnTimes.set(key, (fnTimes.get(key) ?? 0) + us)
  const pkg = where(f.url).split(':')[0]!
  pkgTimes.set(pkg, (pkgTimes.get(pkg) ?? 0) + us)
}
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`)
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`)
  }
}
console.log(`total sampled: ${(total / 1e6).toFixed(1)} s`)
show('self time by package', pkgTimes)
show('self time by function', fnTimes)
