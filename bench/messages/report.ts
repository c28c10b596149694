import { cpus, loadavg } from 'node:os'
import { machineLine, median } from '../measure'
import { printTable } from '../table'
import { REFERENCE_RATE, SUSTAINED_P99_MS, type SideRun } from './load'
import { GROUP_SIZE, type Side } from './sides'

const GOALS = { ratio: 0.5, p99At2000: 25, idleKb: 20 }

/**
 * Prints the method, a table of each server against the ceiling (medians over runs) and every
 * run's steps; the exit code is 1 under `--strict` when the SQLite server misses a goal.
 */
export function report(
  sides: Side[],
  results: Map<string, SideRun[]>,
  memory: Map<string, { rssKb: number; heapKb: number }>,
  s: {
    clients: number
    steps: number[]
    stepSeconds: number
    warmupSeconds: number
    idle: number
    runs: number
  },
  loadStart: number[],
  strict: boolean,
): number {
  const cpu = cpus()
  const loadEnd = loadavg()
  const fmt = (n: number | undefined, d = 1) =>
    n === undefined || Number.isNaN(n) ? '–' : Number.isFinite(n) ? n.toFixed(d) : '>10000'
  const ceilingName = sides[0]!.name
  const ceilingMax = median(results.get(ceilingName)!.map((r) => r.maxSustained))
  console.log('')
  console.log(`Corkboard messages bench — ${new Date().toISOString()}`)
  console.log(machineLine())
  console.log(
    `load:    load average ${loadStart.map((x) => x.toFixed(2)).join(' ')} at start, ${loadEnd.map((x) => x.toFixed(2)).join(' ')} at end`,
  )
  console.log(
    `data:    ${s.clients} people in ${s.clients / GROUP_SIZE} groups of ${GROUP_SIZE}, one socket each (Bearer token); fresh database`,
  )
  console.log(
    `method:  servers in child processes, load generator in this one (same ${cpu.length} cores); ${s.warmupSeconds} s warm-up, then ${s.stepSeconds} s per step`,
  )
  console.log(
    `         at ${s.steps.join(', ')} sends/s (aggregate, round-robin over groups); a step is sustained when all`,
  )
  console.log(
    `         ${GROUP_SIZE - 1} other members receive every message and the sender its ack (≤ 5 s drain) and p99 send→deliver ≤ ${SUSTAINED_P99_MS} ms;`,
  )
  console.log(
    `         stepping stops at the first step not sustained (${REFERENCE_RATE}/s always measured); ${s.runs} run(s), medians;`,
  )
  console.log(
    `         idle memory: server RSS growth (after GC) over ${s.idle} sockets that said hello and idle, once per server`,
  )
  console.log('')
  const header = [
    'server',
    'max sends/s',
    'deliveries/s',
    'ratio',
    `p50@${REFERENCE_RATE}`,
    `p99@${REFERENCE_RATE}`,
    `CPU µs/send@${REFERENCE_RATE}`,
    'CPU ratio',
    'idle KB/conn',
    'goal',
    'result',
  ]
  let missed = false
  const cpuAt2000 = (name: string) => {
    const ref = results
      .get(name)!
      .map((r) => r.at2000)
      .filter((r) => r !== undefined)
    return ref.length ? median(ref.map((r) => r.cpuPerSend)) : NaN
  }
  const ceilingCpu = cpuAt2000(ceilingName)
  const rows = sides.map((side, i) => {
    const runs = results.get(side.name)!
    const max = median(runs.map((r) => r.maxSustained))
    const ref = runs.map((r) => r.at2000).filter((r) => r !== undefined)
    const p50 = ref.length ? median(ref.map((r) => r.p50)) : NaN
    const p99 = ref.length ? median(ref.map((r) => r.p99)) : NaN
    const cpuAt = ref.length ? median(ref.map((r) => r.cpuPerSend)) : NaN
    const refLost = ref.some((r) => r.missing > 0)
    const mem = memory.get(side.name)!
    const ratio = ceilingMax > 0 ? max / ceilingMax : NaN
    let goal = ''
    let result = ''
    if (i > 0) {
      goal = `≥${GOALS.ratio}×, p99≤${GOALS.p99At2000}, ≤${GOALS.idleKb} KB`
      const ok =
        ratio >= GOALS.ratio && p99 <= GOALS.p99At2000 && !refLost && mem.rssKb <= GOALS.idleKb
      if (side.name.includes('SQLite')) missed ||= !ok
      result = ok ? 'pass' : 'MISS'
    }
    return [
      side.name,
      String(max),
      String(max * (GROUP_SIZE - 1)),
      i === 0 ? '1.00' : fmt(ratio, 2),
      fmt(p50),
      fmt(p99) + (refLost ? ' (lost)' : ''),
      fmt(cpuAt, 0),
      fmt(ceilingCpu / cpuAt, 2),
      fmt(mem.rssKb),
      goal,
      result,
    ]
  })
  printTable(header, rows)
  console.log(
    '(latencies in ms; idle KB/conn is RSS; heap per connection: ' +
      sides.map((side) => `${side.name} ${fmt(memory.get(side.name)!.heapKb)} KB`).join(', ') +
      ')',
  )
  console.log(
    '(CPU ratio: ceiling CPU per send ÷ this server’s, at the same rate — what the ratio of rates would be with cores to spare; less sensitive to a loaded machine than the rates)',
  )
  console.log('')
  for (const side of sides) {
    const runs = results.get(side.name)!
    console.log(
      `${side.name}: max sustained per run ${runs.map((r) => r.maxSustained).join(' / ')}`,
    )
    runs.forEach((run, k) => {
      console.log(
        `  run ${k + 1}: ` +
          run.steps
            .map(
              (r) =>
                `${r.rate}/s ${r.sustained ? 'ok' : 'FAIL'} (sent ${Math.round(r.achieved)}/s, p50 ${fmt(r.p50)}, p99 ${fmt(r.p99)}, max ${fmt(r.max, 0)}, ${fmt(r.cpuPerSend, 0)} µs/send${r.missing ? `, missing ${r.missing}` : ''}${r.errors ? `, errors ${r.errors}` : ''}${r.duplicates ? `, dup ${r.duplicates}` : ''})`,
            )
            .join('; '),
      )
    })
  }
  return strict && missed ? 1 : 0
}
