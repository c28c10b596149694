/**
 * `npm run bench -- search [--quick] [--pins N] [--people N] [--pg URL]`: guided search at a
 * million pins. Generates pins over a Zipf-distributed vocabulary of made-up words, indexes
 * them with Corkboard's own indexer, and times `searchPins` (top 25 plus guides) for 1-, 2- and
 * 3-term queries drawn by the same Zipf law, next to the naive ceiling — FTS5 `bm25()` ORDER BY
 * over every match — on the same database and queries. Also people search over N people.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import pino from 'pino'
import { loadConfig } from '../server/config'
import { createContext, type AppContext } from '../server/context'
import { dialectOf } from '../server/db/dialect'
import { userRow } from '../server/db/test-rows'
import {
  createRng,
  insertCorpus,
  madeUpWords,
  zipf,
  type CorpusPin,
} from '../server/demo/search-corpus'
import { stems } from '../server/domain/search/analyzer'
import { rebuildSearchIndex } from '../server/domain/search/indexer'
import {
  BENCH_OPTIONS,
  benchServerEnv,
  freshPgDatabase,
  machineLine,
  postgresLine,
  removeUnlessKept,
} from './measure'

const GOALS = { p50: 10, p99: 50, peopleP99: 10 }

interface Timing {
  p50: number
  p99: number
  mean: number
  n: number
}

const timing = (ms: number[]): Timing => {
  const s = [...ms].sort((a, b) => a - b)
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(s.length * p) - 1)] ?? NaN
  return { p50: at(0.5), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length, n: s.length }
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...BENCH_OPTIONS,
      pins: { type: 'string' },
      people: { type: 'string' },
      vocabulary: { type: 'string', default: '5000' },
      queries: { type: 'string' },
      pg: { type: 'string' },
      'pg-only': { type: 'boolean', default: false },
      'pg-reuse': { type: 'string' },
    },
  })
  const quick = values.quick
  const s = {
    pins: Number(values.pins ?? (quick ? 20_000 : 1_000_000)),
    people: Number(values.people ?? (quick ? 5_000 : 100_000)),
    vocabulary: Number(values.vocabulary),
    queries: Number(values.queries ?? (quick ? 60 : 400)),
  }
  const dir = mkdtempSync(join(tmpdir(), 'corkboard-bench-search-'))
  const cleanups: (() => Promise<void>)[] = []
  const rng = createRng('search-bench')
  const words = madeUpWords(s.vocabulary, rng)
  const draw = zipf(words.length, rng)
  const queries = [1, 2, 3].map((k) =>
    Array.from({ length: s.queries }, () => {
      const q = new Set<string>()
      while (q.size < k) q.add(words[draw()]!)
      return [...q].join(' ')
    }),
  )
  const results: { side: string; rows: Row[] }[] = []
  let postgres: string | null = null
  try {
    // a database to reuse is PostgreSQL's: asked alone, it is measured alone
    const pgOnly = values['pg-only'] || values['pg-reuse'] !== undefined
    if (!pgOnly) {
      const sqlitePath = join(dir, 'search.db')
      const sqliteCtx = await open({ ...benchServerEnv(dir), DATABASE_URL: `sqlite:${sqlitePath}` })
      cleanups.push(() => sqliteCtx.close())
      await seed(sqliteCtx, s, words, 'SQLite')
      const rows = await measure(sqliteCtx, queries, s, words)
      const naive = measureNaive(sqlitePath, queries)
      results.push({ side: 'SQLite', rows: rows.map((r, i) => ({ ...r, naive: naive[i] })) })
    }

    if (values.pg !== undefined || pgOnly) {
      const reuse = values['pg-reuse']
      const { url, drop } = reuse
        ? { url: reuse, drop: async () => {} }
        : await freshPgDatabase(values.pg || 'postgres://postgres@127.0.0.1:5432/test')
      if (values.keep) process.stderr.write(`PostgreSQL database kept: ${url}\n`)
      else cleanups.push(drop)
      const pgCtx = await open({ ...benchServerEnv(dir), DATABASE_URL: url })
      cleanups.unshift(() => pgCtx.close())
      if (!reuse) await seed(pgCtx, s, words, 'PostgreSQL')
      results.push({ side: 'PostgreSQL', rows: await measure(pgCtx, queries, s, words) })
      postgres = await postgresLine(url)
    }
    return report(results, s, postgres, values.strict)
  } finally {
    for (const c of cleanups) await c().catch(() => undefined)
    removeUnlessKept(dir, values.keep)
  }
}

const open = (env: NodeJS.ProcessEnv) => {
  const e: NodeJS.ProcessEnv = { ...env, DEMO: 'off' }
  delete e.REDIS_URL
  return createContext(loadConfig(e), { log: pino({ level: 'warn' }) })
}

const progress = (what: string) => (done: number, total: number) =>
  process.stderr.write(`\r  ${what} ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`)

/** Pins: a title of 3–6 words, a description of 6–14, every word drawn by Zipf's law. */
async function seed(
  ctx: AppContext,
  s: { pins: number; people: number },
  words: string[],
  label: string,
) {
  const rng = createRng(`pins-${s.pins}`)
  const draw = zipf(words.length, rng)
  const text = (n: number) => Array.from({ length: n }, () => words[draw()]).join(' ')
  const started = performance.now()
  process.stderr.write(`${label}: generating ${s.pins.toLocaleString('en')} pins…\n`)
  const CHUNK = 50_000
  for (let from = 0; from < s.pins; from += CHUNK) {
    const pins: CorpusPin[] = []
    for (let i = from; i < Math.min(s.pins, from + CHUNK); i++) {
      pins.push({ title: text(rng.int(3, 6)), description: text(rng.int(6, 14)) })
    }
    await insertCorpus(ctx.db, pins, {
      createdFrom: Date.now() - 365 * 86_400_000 + (from / s.pins) * 365 * 86_400_000,
      spanMs: (pins.length / s.pins) * 365 * 86_400_000,
    })
    progress('pins')(from + pins.length, s.pins)
  }
  process.stderr.write('\n')
  const people = createRng('people')
  for (let from = 0; from < s.people; from += 2000) {
    const rows = []
    for (let i = from; i < Math.min(s.people, from + 2000); i++) {
      const name = `${words[people.int(0, words.length - 1)]}_${words[people.int(0, words.length - 1)]}${i}`
      rows.push({ ...userRow(name.slice(0, 30)), email: `p${i}@bench.invalid` })
    }
    await ctx.db.insertInto('users').values(rows).execute()
    progress('people')(from + rows.length, s.people)
  }
  process.stderr.write('\n')
  await rebuildSearchIndex(ctx.db, (d) => progress('indexed pins')(d, s.pins))
  // what autovacuum does on its own after a bulk load (index-only scans need the visibility map)
  if (dialectOf(ctx.db) === 'postgres') await sql`vacuum (analyze)`.execute(ctx.db)
  process.stderr.write(
    `\n${label}: seeded and indexed in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  )
}

interface Row {
  terms: number
  all: Timing
  cold: Timing
  results: number
  guides: number
  naive?: Timing
}

async function measure(
  ctx: AppContext,
  queries: string[][],
  s: { queries: number },
  words: string[],
): Promise<(Row & { people?: Timing })[]> {
  const search = ctx.services.search
  // warm-up: the first queries pay for cold pages
  for (const q of queries[0]!.slice(0, 20)) await search.searchPins(null, { query: q })
  const rows: (Row & { people?: Timing })[] = []
  for (const [i, list] of queries.entries()) {
    const all: number[] = []
    const cold: number[] = []
    const seen = new Set<string>()
    let results = 0
    let guides = 0
    for (const query of list) {
      const t0 = performance.now()
      const body = await search.searchPins(null, { query, page_size: 25 })
      const ms = performance.now() - t0
      all.push(ms)
      if (!seen.has(query)) cold.push(ms)
      seen.add(query)
      const parsed = JSON.parse(body.body.toString()) as { items: unknown[]; guides: unknown[] }
      results += parsed.items.length
      guides += parsed.guides.length
    }
    rows.push({
      terms: i + 1,
      all: timing(all),
      cold: timing(cold),
      results: results / list.length,
      guides: guides / list.length,
    })
  }
  // people: what a typeahead sends while someone types a name (3 to 8 letters of one)
  const rng = createRng('people-queries')
  const people: number[] = []
  for (let i = 0; i < s.queries * 2; i++) {
    const word = words[rng.int(0, words.length - 1)]!
    const query = word.slice(0, rng.int(3, Math.min(8, word.length)))
    const t0 = performance.now()
    await search.searchUsers(null, { query, page_size: 8 })
    people.push(performance.now() - t0)
  }
  rows[0]!.people = timing(people)
  return rows
}

/** The naive ceiling: FTS5 ranks every match with bm25() and sorts them all. */
function measureNaive(path: string, queries: string[][]): Timing[] {
  const db = new SQLite(path, { readonly: true })
  try {
    const statement = db.prepare(
      'select rowid, bm25(pin_fts) as r from pin_fts where pin_fts match ? order by r limit 25',
    )
    return queries.map((list) =>
      timing(
        list.map((q) => {
          const match = q
            .split(' ')
            .map((w) => `"${stemOf(w)}"`)
            .join(' AND ')
          const t0 = performance.now()
          statement.all(match)
          return performance.now() - t0
        }),
      ),
    )
  } finally {
    db.close()
  }
}

const stemOf = (w: string) => stems(w)[0] ?? w

function report(
  results: { side: string; rows: (Row & { people?: Timing })[] }[],
  s: { pins: number; people: number; vocabulary: number; queries: number },
  postgres: string | null,
  strict: boolean,
): number {
  const f = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(1))
  console.log('')
  console.log(`Corkboard search bench — ${new Date().toISOString()}`)
  console.log(machineLine())
  if (postgres) console.log(postgres)
  console.log(
    `data:    ${s.pins.toLocaleString('en')} pins (title 3–6 + description 6–14 words) over ${s.vocabulary.toLocaleString('en')} made-up words by Zipf's law (s = 1); ${s.people.toLocaleString('en')} people`,
  )
  console.log(
    `method:  in process, one query at a time, anonymous; ${s.queries} queries per term count, words drawn by the same Zipf law; search = top 25 + guides (guides cached per query for 5 min, as served: "cold" = each query's first time); naive = FTS5 bm25() ORDER BY over every match, LIMIT 25, same database and queries`,
  )
  console.log('')
  console.log(
    'dialect      terms  p50 ms  p99 ms  cold p50  cold p99  naive p50  naive p99  results  guides   goal (p50 ≤ 10, p99 ≤ 50)',
  )
  let ok = true
  for (const { side, rows } of results) {
    for (const r of rows) {
      const pass = r.cold.p50 <= GOALS.p50 && r.cold.p99 <= GOALS.p99
      ok &&= pass
      console.log(
        `${side.padEnd(12)} ${String(r.terms).padStart(5)}  ${f(r.all.p50).padStart(6)}  ${f(r.all.p99).padStart(6)}  ${f(r.cold.p50).padStart(8)}  ${f(r.cold.p99).padStart(8)}  ${f(r.naive?.p50).padStart(9)}  ${f(r.naive?.p99).padStart(9)}  ${f(r.results).padStart(7)}  ${f(r.guides).padStart(6)}   ${pass ? 'pass' : 'MISS'}`,
      )
    }
  }
  console.log('')
  for (const { side, rows } of results) {
    const p = rows[0]!.people!
    const pass = p.p99 <= GOALS.peopleP99
    ok &&= pass
    console.log(
      `people search (${side}, ${s.people.toLocaleString('en')} people, 3–8 letters of a name): p50 ${f(p.p50)} ms, p99 ${f(p.p99)} ms  (goal p99 ≤ ${GOALS.peopleP99}: ${pass ? 'pass' : 'MISS'})`,
    )
  }
  return strict && !ok ? 1 : 0
}
