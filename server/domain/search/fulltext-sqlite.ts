import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { FullText, FullTextDoc } from './fulltext'
import { checkTerms, fts5Query, newestFirst, type MatchQuery } from './match-query'

/** SQLite's full-text index: FTS5 tables `pin_fts` and `board_fts` (rowid = the pin's or board's id). */
export function sqliteFullText(db: Kysely<Database>): FullText {
  async function matchBoards(q: MatchQuery, beforeId: number | null, limit: number) {
    checkTerms(q)
    const { rows } = await sql<{ id: number }>`
      select rowid as id from board_fts
      where board_fts match ${fts5Query(q)} and rowid < ${beforeId ?? Number.MAX_SAFE_INTEGER}
      order by rowid desc limit ${limit}`.execute(db)
    return rows.map((r) => Number(r.id))
  }
  async function matchPins(
    q: MatchQuery,
    beforeId: number | null,
    limit: number,
    viewer: number | null,
  ) {
    checkTerms(q)
    // the index walks its matches newest first; each is looked up by its id in pins
    const { rows } = await sql<{ id: number }>`
      select pin_fts.rowid as id from pin_fts join pins p on p.id = pin_fts.rowid
      where pin_fts match ${fts5Query(q)} and pin_fts.rowid < ${beforeId ?? Number.MAX_SAFE_INTEGER}
        and ${viewer === null ? sql`p.secret = 0` : sql`(p.secret = 0 or p.owner_id = ${viewer})`}
      order by pin_fts.rowid desc limit ${limit}`.execute(db)
    return rows.map((r) => Number(r.id))
  }

  const remove = (table: 'pin_fts' | 'board_fts') =>
    async function (conn: Kysely<Database>, ids: number[]) {
      for (let i = 0; i < ids.length; i += 500) {
        await sql`delete from ${sql.table(table)} where rowid in (${sql.join(ids.slice(i, i + 500))})`.execute(
          conn,
        )
      }
    }
  const write = (table: 'pin_fts' | 'board_fts', first: 'title' | 'name') =>
    async function (conn: Kysely<Database>, docs: FullTextDoc[], existing: number[]) {
      await remove(table)(conn, existing)
      for (let i = 0; i < docs.length; i += 300) {
        const rows = docs.slice(i, i + 300).map((d) => sql`(${d.id}, ${d.title}, ${d.body})`)
        await sql`insert into ${sql.table(table)} (rowid, ${sql.ref(first)}, body) values ${sql.join(rows)}`.execute(
          conn,
        )
      }
    }
  return {
    writePins: write('pin_fts', 'title'),
    deletePins: remove('pin_fts'),
    async setPinTerms() {},
    writeBoards: write('board_fts', 'name'),
    deleteBoards: remove('board_fts'),
    matchPins,
    async matchPinFacts(q, beforeId, limit, viewer) {
      const ids = await matchPins(q, beforeId, limit, viewer)
      if (ids.length === 0) return []
      const rows = await db
        .selectFrom('pins as p')
        .innerJoin('search_docs as d', 'd.pin_id', 'p.id')
        .select([
          'p.id',
          'p.owner_id',
          'p.secret',
          'p.save_count',
          'p.like_count',
          'p.created_at',
          'p.parent_pin_id',
          'd.tokens',
        ])
        .where('p.id', 'in', ids)
        .execute()
      return newestFirst(rows)
    },
    matchBoards,
  }
}
