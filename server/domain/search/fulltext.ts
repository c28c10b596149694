import { sql, SqliteAdapter, type Kysely, type RawBuilder } from 'kysely'
import { runPrepared } from '../../db/prepared'
import type { Database } from '../../db/schema'
import { sqliteFullText } from './fulltext-sqlite'
import { checkTerms, newestFirst, tsQuery, type MatchQuery } from './match-query'
import type { PinFacts } from './pin-facts'
import {
  withFacts,
  matchPostingFacts,
  matchPostings,
  writePostings,
  type PinTerms,
  type PostingsQuery,
} from './postings'

export type { MatchQuery } from './match-query'

/** The term under which `search_terms` counts the indexed (public) pins. */
export const DOC_COUNT_TERM = ''

/** A document for the index: the stems of its heading and of the rest. */
export interface FullTextDoc {
  id: number
  title: string
  body: string
}

/**
 * The per-dialect half of search, behind one interface: SQLite FTS5 tables (`pin_fts`,
 * `board_fts`, rowid = the pin's or board's id) or PostgreSQL tsvector columns with GIN
 * indexes (on `search_docs` and `board_search_docs`). Both hold the analyzer's stems, so both
 * match the same terms. Matches come newest first: the caller ranks a bounded window of them
 * instead of every match.
 */
export interface FullText {
  /** `existing`: those of `docs` the index may already hold (written before) */
  writePins(conn: Kysely<Database>, docs: FullTextDoc[], existing: number[]): Promise<void>
  deletePins(conn: Kysely<Database>, ids: number[]): Promise<void>
  /**
   * Pins' stems and who may see them, before and after a write (PostgreSQL's term → newest
   * pins index, postings.ts; SQLite: nothing, FTS5 needs no more than writePins)
   */
  setPinTerms(conn: Kysely<Database>, changes: PinTerms[]): Promise<void>
  writeBoards(conn: Kysely<Database>, docs: FullTextDoc[], existing: number[]): Promise<void>
  deleteBoards(conn: Kysely<Database>, ids: number[]): Promise<void>
  /**
   * Ids of the newest `limit` matching pins that `viewer` may see (public ones and their own
   * secret ones; null: public ones) with an id below `beforeId` (null: from the newest), newest
   * first. Visibility is part of the query, so that pins hidden from the viewer never fill a
   * window in place of those shown. Relevance is the caller's (relevance.ts): asking the index
   * for it costs a pass over every match of every term.
   */
  matchPins(
    q: MatchQuery,
    beforeId: number | null,
    limit: number,
    viewer: number | null,
  ): Promise<number[]>
  /**
   * `matchPins` with what ranking needs of each match: a search window (pin-window.ts), newest
   * first.
   */
  matchPinFacts(
    q: MatchQuery,
    beforeId: number | null,
    limit: number,
    viewer: number | null,
  ): Promise<PinFacts[]>
  matchBoards(q: MatchQuery, beforeId: number | null, limit: number): Promise<number[]>
}

/**
 * `plan` (PostgreSQL; tests compare the ways): how pins are matched — 'auto' by the estimated
 * costs, 'postings' always along the postings, 'gin' always by the GIN index.
 */
export function createFullText(
  db: Kysely<Database>,
  plan: 'auto' | 'postings' | 'gin' = 'auto',
): FullText {
  return db.getExecutor().adapter instanceof SqliteAdapter
    ? sqliteFullText(db)
    : postgresFullText(db, plan)
}

/*
 * Search's other per-dialect details, here with the full-text index's (the one module of
 * search that tells the dialects apart).
 */
const onSqlite = (db: Kysely<Database>) => db.getExecutor().adapter instanceof SqliteAdapter

/** The tables search writes in bulk (to analyze after a bulk load). */
export const searchTables = (db: Kysely<Database>) => [
  'search_docs',
  'board_search_docs',
  'search_terms',
  'user_trigrams',
  ...(onSqlite(db) ? [] : ['search_postings']),
]

/** Usernames compared bytewise (on PostgreSQL by migration 018's index): prefixes are ranges. */
export const usernameKey = (db: Kysely<Database>) =>
  onSqlite(db) ? sql<string>`username` : sql<string>`username collate "C"`

/** `search_terms` rows of these terms: in lists of 500 (SQLite), in one array (PostgreSQL). */
export async function termRows(db: Kysely<Database>, terms: string[]) {
  type Row = { term: string; df: number; display: string }
  if (!onSqlite(db)) {
    return runPrepared(
      db,
      sql<Row>`select term, df, display from search_terms where term = any(${terms}::text[])`.compile(
        db,
      ),
    )
  }
  const out: Row[] = []
  for (let i = 0; i < terms.length; i += 500) {
    const part = terms.slice(i, i + 500)
    out.push(
      ...(
        await sql<Row>`select term, df, display from search_terms
        where term in (${sql.join(part)})`.execute(db)
      ).rows,
    )
  }
  return out
}

/** Adds to terms' document frequencies (a term new, or held by no pin, is written anew). */
export async function addTermCounts(
  conn: Kysely<Database>,
  rows: { term: string; df: number; display: string }[],
) {
  const sqlite = onSqlite(conn)
  // PostgreSQL: arrays, one statement for thousands of terms (a bulk index writes many)
  const size = sqlite ? 300 : 10_000
  for (let i = 0; i < rows.length; i += size) {
    const part = rows.slice(i, i + size)
    const values = sqlite
      ? sql`values ${sql.join(part.map((r) => sql`(${r.term}, ${r.df}, ${r.display})`))}`
      : sql`select * from unnest(${part.map((r) => r.term)}::text[], ${part.map((r) => r.df)}::int[],
          ${part.map((r) => r.display)}::text[])`
    await sql`insert into search_terms (term, df, display) ${values}
      on conflict (term) do update set df = search_terms.df + excluded.df,
        display = case when search_terms.df <= 0 then excluded.display else search_terms.display end`.execute(
      conn,
    )
  }
}

/**
 * A document's tsvector: the heading's stems (weight A), a position left empty, the rest's
 * (B). The gap keeps a phrase from spanning heading and rest, as FTS5's columns do (`||`
 * alone would number the rest's words on from the heading's last). The placeholder is a
 * host name, which no stem can be. Migration 018 builds the same from `tokens`.
 */
export const documentOf = (title: RawBuilder<unknown>, body: RawBuilder<unknown>) =>
  sql`ts_delete(setweight(to_tsvector('simple', ${title} || ' gap.invalid'), 'A')
    || setweight(to_tsvector('simple', ${body}), 'B'), 'gap.invalid')`

function postgresFullText(db: Kysely<Database>, plan: 'auto' | 'postings' | 'gin'): FullText {
  /** The newest matches by the GIN index (planned for each query: its plan hangs on the words). */
  const byGin = (
    table: 'search_docs' | 'board_search_docs',
    key: 'pin_id' | 'board_id',
    q: MatchQuery,
    beforeId: number | null,
    limit: number,
    visible = sql`true`,
  ) => {
    checkTerms(q)
    return sql`select ${sql.ref(key)} as id from ${sql.table(table)}
      where document @@ to_tsquery('simple', ${tsQuery(q)})
        and ${sql.ref(key)} < ${beforeId ?? Number.MAX_SAFE_INTEGER} and ${visible}
      order by ${sql.ref(key)} desc limit ${limit}`
  }
  const matchOn = async (...args: Parameters<typeof byGin>) =>
    (await sql<{ id: number }>`${byGin(...args)}`.execute(db)).rows.map((r) => Number(r.id))
  /** public pins (counted), and the viewer's own secret ones */
  const visiblePins = (viewer: number | null) =>
    viewer === null
      ? sql`counted = 1`
      : sql`(counted = 1 or exists (select 1 from pins p where p.id = search_docs.pin_id and p.owner_id = ${viewer}))`
  async function setVectors(
    conn: Kysely<Database>,
    table: 'search_docs' | 'board_search_docs',
    key: 'pin_id' | 'board_id',
    docs: FullTextDoc[],
  ) {
    for (let i = 0; i < docs.length; i += 1000) {
      const part = docs.slice(i, i + 1000)
      await sql`
        update ${sql.table(table)} set document = ${documentOf(sql`v.title`, sql`v.body`)}
        from unnest(${part.map((d) => d.id)}::bigint[], ${part.map((d) => d.title)}::text[],
          ${part.map((d) => d.body)}::text[]) as v(id, title, body)
        where ${sql.ref(key)} = v.id`.execute(conn)
    }
  }
  /** The newest matches along the postings; null: few matches in all (GIN's bitmap of them). */
  async function walk<R>(
    q: MatchQuery,
    beforeId: number | null,
    limit: number,
    viewer: number | null,
    along: (
      db: Kysely<Database>,
      p: PostingsQuery,
      beforeId: number | null,
      limit: number,
      viewer: number | null,
      plan: 'auto' | 'postings',
    ) => Promise<R[] | null>,
  ): Promise<R[] | null> {
    checkTerms(q)
    const terms = [...new Set([...q.all, ...q.phrases.flat()])]
    const checked = { all: [], phrases: q.phrases, prefix: q.prefix }
    const check = q.phrases.length > 0 || (q.prefix && terms.length > 0) ? tsQuery(checked) : null
    // document frequencies: those the query's parse read, and the others
    const df = new Map(q.known ?? [])
    const missing = [DOC_COUNT_TERM, ...terms].filter((t) => !df.has(t))
    if (missing.length > 0) {
      for (const r of await termRows(db, missing)) df.set(r.term, Number(r.df))
    }
    const total = df.get(DOC_COUNT_TERM) ?? 0
    const asked = { terms, prefix: q.prefix, check, df, total }
    return along(db, asked, beforeId, limit, viewer, plan === 'postings' ? 'postings' : 'auto')
  }
  return {
    // the rows themselves are written by the indexer; here only their vectors
    writePins: (conn, docs) => setVectors(conn, 'search_docs', 'pin_id', docs),
    async deletePins() {},
    setPinTerms: writePostings,
    writeBoards: (conn, docs) => setVectors(conn, 'board_search_docs', 'board_id', docs),
    async deleteBoards() {},
    async matchPins(q, beforeId, limit, viewer) {
      const walked = plan === 'gin' ? null : await walk(q, beforeId, limit, viewer, matchPostings)
      return walked ?? matchOn('search_docs', 'pin_id', q, beforeId, limit, visiblePins(viewer))
    },
    async matchPinFacts(q, beforeId, limit, viewer) {
      const walked =
        plan === 'gin' ? null : await walk(q, beforeId, limit, viewer, matchPostingFacts)
      if (walked) return walked
      const found = byGin('search_docs', 'pin_id', q, beforeId, limit, visiblePins(viewer))
      return newestFirst((await sql<PinFacts>`${withFacts(found)}`.execute(db)).rows)
    },
    matchBoards: (q, beforeId, limit) =>
      matchOn('board_search_docs', 'board_id', q, beforeId, limit),
  }
}
