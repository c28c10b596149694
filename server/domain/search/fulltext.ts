import { sql, SqliteAdapter, type Kysely } from 'kysely'
import type { Database } from '../../db/schema'

/**
 * What a search asks the full-text index for: documents holding every one of `all` (stems),
 * every phrase of `phrases` (stems in order) and, when set, a stem starting with `prefix`.
 */
export interface MatchQuery {
  all: string[]
  phrases: string[][]
  prefix: string | null
}

export interface Match {
  id: number
  /** text relevance, higher is better (bm25 on SQLite, ts_rank on PostgreSQL) */
  rank: number
}

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
  writePins(conn: Kysely<Database>, docs: FullTextDoc[]): Promise<void>
  deletePins(conn: Kysely<Database>, ids: number[]): Promise<void>
  writeBoards(conn: Kysely<Database>, docs: FullTextDoc[]): Promise<void>
  deleteBoards(conn: Kysely<Database>, ids: number[]): Promise<void>
  /** The newest `limit` matching pins with an id below `beforeId` (null: from the newest). */
  matchPins(q: MatchQuery, beforeId: number | null, limit: number): Promise<Match[]>
  matchBoards(q: MatchQuery, beforeId: number | null, limit: number): Promise<Match[]>
}

const isPlainStem = (s: string) => /^[\p{L}\p{N}]+$/u.test(s)

/** FTS5 query text: quoted stems ANDed, phrases in quotes, the prefix starred. */
function fts5Query(q: MatchQuery): string {
  const parts = [
    ...q.all.map((s) => `"${s}"`),
    ...q.phrases.map((p) => `"${p.join(' ')}"`),
    ...(q.prefix ? [`"${q.prefix}"*`] : []),
  ]
  return parts.join(' AND ')
}

/** tsquery text for the 'simple' configuration: `a & b & (c <-> d) & e:*`. */
function tsQuery(q: MatchQuery): string {
  const parts = [
    ...q.all,
    ...q.phrases.map((p) => `(${p.join(' <-> ')})`),
    ...(q.prefix ? [`${q.prefix}:*`] : []),
  ]
  return parts.join(' & ')
}

function checkTerms(q: MatchQuery) {
  const every = [...q.all, ...q.phrases.flat(), ...(q.prefix ? [q.prefix] : [])]
  if (every.length === 0 || !every.every(isPlainStem)) throw new Error('not analyzed terms')
}

export function createFullText(db: Kysely<Database>): FullText {
  return db.getExecutor().adapter instanceof SqliteAdapter
    ? sqliteFullText(db)
    : postgresFullText(db)
}

function sqliteFullText(db: Kysely<Database>): FullText {
  const match =
    (table: 'pin_fts' | 'board_fts') =>
    async (q: MatchQuery, beforeId: number | null, limit: number): Promise<Match[]> => {
      checkTerms(q)
      const { rows } = await sql<Match>`
        select rowid as id, -bm25(${sql.table(table)}, 2.0, 1.0) as rank from ${sql.table(table)}
        where ${sql.table(table)} match ${fts5Query(q)} and rowid < ${beforeId ?? Number.MAX_SAFE_INTEGER}
        order by rowid desc limit ${limit}`.execute(db)
      return rows
    }

  const write = (table: 'pin_fts' | 'board_fts', first: 'title' | 'name') =>
    async function (conn: Kysely<Database>, docs: FullTextDoc[]) {
      for (const d of docs) {
        await sql`delete from ${sql.table(table)} where rowid = ${d.id}`.execute(conn)
        await sql`insert into ${sql.table(table)} (rowid, ${sql.ref(first)}, body) values (${d.id}, ${d.title}, ${d.body})`.execute(
          conn,
        )
      }
    }
  const remove = (table: 'pin_fts' | 'board_fts') =>
    async function (conn: Kysely<Database>, ids: number[]) {
      for (const id of ids)
        await sql`delete from ${sql.table(table)} where rowid = ${id}`.execute(conn)
    }
  return {
    writePins: write('pin_fts', 'title'),
    deletePins: remove('pin_fts'),
    writeBoards: write('board_fts', 'name'),
    deleteBoards: remove('board_fts'),
    matchPins: match('pin_fts'),
    matchBoards: match('board_fts'),
  }
}

function postgresFullText(db: Kysely<Database>): FullText {
  const vector = (d: FullTextDoc) =>
    sql`setweight(to_tsvector('simple', ${d.title}), 'A') || setweight(to_tsvector('simple', ${d.body}), 'B')`
  return {
    // the rows themselves are written by the indexer; here only their vectors
    async writePins(conn, docs) {
      for (const d of docs) {
        await sql`update search_docs set document = ${vector(d)} where pin_id = ${d.id}`.execute(
          conn,
        )
      }
    },
    async deletePins() {},
    async writeBoards(conn, docs) {
      for (const d of docs) {
        await sql`update board_search_docs set document = ${vector(d)} where board_id = ${d.id}`.execute(
          conn,
        )
      }
    },
    async deleteBoards() {},
    async matchPins(q, beforeId, limit) {
      checkTerms(q)
      const { rows } = await sql<Match>`
        select pin_id as id, ts_rank(document, query) as rank
        from search_docs, to_tsquery('simple', ${tsQuery(q)}) query
        where document @@ query and pin_id < ${beforeId ?? Number.MAX_SAFE_INTEGER}
        order by pin_id desc limit ${limit}`.execute(db)
      return rows.map((r) => ({ id: Number(r.id), rank: Number(r.rank) }))
    },
    async matchBoards(q, beforeId, limit) {
      checkTerms(q)
      const { rows } = await sql<Match>`
        select board_id as id, ts_rank(document, query) as rank
        from board_search_docs, to_tsquery('simple', ${tsQuery(q)}) query
        where document @@ query and board_id < ${beforeId ?? Number.MAX_SAFE_INTEGER}
        order by board_id desc limit ${limit}`.execute(db)
      return rows.map((r) => ({ id: Number(r.id), rank: Number(r.rank) }))
    },
  }
}
