import { sql, type Kysely } from 'kysely'
import { refreshStatistics } from '../../db/dialect'
import type { Database } from '../../db/schema'
import {
  analyzePin,
  decodeTokens,
  documentTerms,
  encodeTokens,
  storedTerms,
  tokenize,
} from './analyzer'
import { createFullText, searchTables, type FullText, type FullTextDoc } from './fulltext'
import { indexUsers } from './people'
import { stemsOfTokens, type PinTerms } from './postings'
import { DfDelta, DOC_COUNT_TERM, HIDDEN_COUNT_TERM } from './statistics'

// what the statistics count under, for the tests that check them against the index
export { DOC_COUNT_TERM, HIDDEN_COUNT_TERM } from './statistics'
export { trigrams } from './people'

type Conn = Kysely<Database>

const CHUNK = 500

const chunks = <T>(items: T[], size = CHUNK): T[][] => {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Keeps the search index in step with pins, boards and people, inside the writer's own
 * transaction (so results change at once and nothing is half-indexed).
 */
export function createSearchIndexer(db: Conn) {
  const fullText: FullText = createFullText(db)
  /** pins (re)indexed or removed through this indexer: how much guides may have moved */
  let changes = 0

  async function pinTexts(conn: Conn, pinIds: number[]) {
    return conn
      .selectFrom('pins as p')
      .innerJoin('boards as b', 'b.id', 'p.board_id')
      .select([
        'p.id',
        'p.title',
        'p.description',
        'p.alt_text',
        'p.source_domain',
        'p.secret',
        'p.owner_id',
        'b.name as board_name',
      ])
      .where('p.id', 'in', pinIds)
      .execute()
  }

  async function storedDocs(conn: Conn, pinIds: number[]) {
    const rows = await conn
      .selectFrom('search_docs')
      .select(['pin_id', 'tokens', 'counted'])
      .where('pin_id', 'in', pinIds)
      .execute()
    return new Map(
      rows.map((r) => [Number(r.pin_id), { tokens: r.tokens, counted: Number(r.counted) === 1 }]),
    )
  }

  /**
   * (Re)indexes these pins as they are now — their text, and whether they are public (counted
   * in the statistics) or secret; pins that are gone are left to `removePins`.
   */
  async function indexPins(conn: Conn, pinIds: number[]) {
    for (const ids of chunks([...new Set(pinIds)])) {
      const [texts, before] = await Promise.all([pinTexts(conn, ids), storedDocs(conn, ids)])
      const df = new DfDelta()
      const docs: (FullTextDoc & { tokens: string; counted: number })[] = []
      const rewritten: FullTextDoc[] = []
      const terms: PinTerms[] = []
      for (const p of texts) {
        const id = Number(p.id)
        const analyzed = analyzePin(p)
        const tokens = encodeTokens(analyzed.fields)
        const counted = Number(p.secret) === 1 ? 0 : 1
        const old = before.get(id)
        if (old?.tokens === tokens && old.counted === (counted === 1)) continue
        if (old?.counted) {
          df.add(storedTerms(decodeTokens(old.tokens)), -1)
          df.add([DOC_COUNT_TERM], -1)
          if (counted === 0) df.add([HIDDEN_COUNT_TERM], 1)
        }
        if (counted === 1) {
          const terms = documentTerms(analyzed.fields)
          df.add(terms.keys(), 1)
          df.shows(terms)
          df.add([DOC_COUNT_TERM], 1)
        }
        // what guides may have moved by: public pins only
        if (old?.counted || counted === 1) changes++
        const doc = { id, title: analyzed.title, body: analyzed.body }
        docs.push({ ...doc, tokens, counted })
        if (old?.tokens !== tokens) rewritten.push(doc)
        terms.push({
          id,
          before: stemsOfTokens(old?.tokens),
          after: stemsOfTokens(tokens),
          visibleTo: counted === 1 ? null : Number(p.owner_id),
        })
      }
      if (docs.length === 0) continue
      for (const part of chunks(docs, 300)) {
        await conn
          .insertInto('search_docs')
          .values(part.map((d) => ({ pin_id: d.id, tokens: d.tokens, counted: d.counted })))
          .onConflict((oc) =>
            oc.column('pin_id').doUpdateSet({
              tokens: sql`excluded.tokens` as never,
              counted: sql`excluded.counted` as never,
            }),
          )
          .execute()
      }
      if (rewritten.length > 0) {
        await fullText.writePins(
          conn,
          rewritten,
          rewritten.filter((d) => before.has(d.id)).map((d) => d.id),
        )
      }
      await fullText.setPinTerms(conn, terms)
      await df.write(conn)
    }
  }

  /** Takes these pins out of the index; call before deleting them. */
  async function removePins(conn: Conn, pinIds: number[]) {
    for (const ids of chunks([...new Set(pinIds)])) {
      const before = await storedDocs(conn, ids)
      if (before.size === 0) continue
      const df = new DfDelta()
      for (const doc of before.values()) {
        if (!doc.counted) continue
        df.add(storedTerms(decodeTokens(doc.tokens)), -1)
        df.add([DOC_COUNT_TERM], -1)
        changes++
      }
      await fullText.deletePins(conn, [...before.keys()])
      await fullText.setPinTerms(
        conn,
        [...before].map(([id, doc]) => ({
          id,
          before: stemsOfTokens(doc.tokens),
          after: null,
          visibleTo: null,
        })),
      )
      await conn
        .deleteFrom('search_docs')
        .where('pin_id', 'in', [...before.keys()])
        .execute()
      await df.write(conn)
    }
  }

  const pinIdsOfBoard = async (conn: Conn, boardId: number) =>
    (await conn.selectFrom('pins').select('id').where('board_id', '=', boardId).execute()).map(
      (r) => Number(r.id),
    )

  async function indexBoard(conn: Conn, boardId: number) {
    const board = await conn
      .selectFrom('boards')
      .select(['id', 'name', 'description'])
      .where('id', '=', boardId)
      .executeTakeFirst()
    if (!board) return
    const name = tokenize(board.name).map((t) => t.stem)
    const body = tokenize(board.description).map((t) => t.stem)
    const tokens = [name.join(' '), body.join(' ')].join(' | ')
    await conn
      .insertInto('board_search_docs')
      .values({ board_id: boardId, tokens })
      .onConflict((oc) => oc.column('board_id').doUpdateSet({ tokens }))
      .execute()
    await fullText.writeBoards(
      conn,
      [{ id: boardId, title: name.join(' '), body: body.join(' ') }],
      [boardId],
    )
  }

  return {
    fullText,
    changes: () => changes,
    indexPins,
    removePins,
    /** A board was created or renamed or described anew: its own entry and its pins'. */
    async boardChanged(conn: Conn, boardId: number, pinsToo: boolean) {
      await indexBoard(conn, boardId)
      if (pinsToo) await indexPins(conn, await pinIdsOfBoard(conn, boardId))
    },
    /** A board turned PUBLIC or SECRET (its pins' `secret` already follows): they count or not. */
    async boardPrivacyChanged(conn: Conn, boardId: number) {
      await indexPins(conn, await pinIdsOfBoard(conn, boardId))
    },
    /** Call before deleting a board: its pins and itself leave the index. */
    async boardRemoved(conn: Conn, boardId: number) {
      await removePins(conn, await pinIdsOfBoard(conn, boardId))
      await fullText.deleteBoards(conn, [boardId])
      await conn.deleteFrom('board_search_docs').where('board_id', '=', boardId).execute()
    },
    indexUser: (conn: Conn, userId: number) => indexUsers(conn, [userId]),
    indexUsers,
  }
}

export type SearchIndexer = ReturnType<typeof createSearchIndexer>

/**
 * Takes the secret pins that are still counted out of the statistics (the migration that made
 * them count public pins only), in the caller's transaction.
 */
export async function countPublicPinsOnly(db: Conn) {
  const indexer = createSearchIndexer(db)
  let after = 0
  for (;;) {
    const ids = (
      await db
        .selectFrom('search_docs as d')
        .innerJoin('pins as p', 'p.id', 'd.pin_id')
        .select('p.id')
        .where('p.secret', '=', 1)
        .where('d.counted', '=', 1)
        .where('p.id', '>', after)
        .orderBy('p.id')
        .limit(2000)
        .execute()
    ).map((r) => Number(r.id))
    if (ids.length === 0) break
    await indexer.indexPins(db, ids)
    after = ids[ids.length - 1]!
  }
}

/**
 * Indexes everything that exists (the migration that brings search; the benchmark's seed), in
 * transactions of its own, or in the caller's when given one.
 */
export async function rebuildSearchIndex(db: Conn, onProgress?: (done: number) => void) {
  const inOne = <T>(fn: (trx: Conn) => Promise<T>) =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn)
  const indexer = createSearchIndexer(db)
  let after = 0
  let done = 0
  for (;;) {
    const ids = (
      await db
        .selectFrom('pins')
        .select('id')
        .where('id', '>', after)
        .orderBy('id')
        .limit(2000)
        .execute()
    ).map((r) => Number(r.id))
    if (ids.length === 0) break
    await inOne((trx) => indexer.indexPins(trx, ids))
    after = ids[ids.length - 1]!
    done += ids.length
    onProgress?.(done)
  }
  const boards = await db.selectFrom('boards').select('id').execute()
  const users = await db.selectFrom('users').select('id').execute()
  await inOne(async (trx) => {
    for (const b of boards) await indexer.boardChanged(trx, Number(b.id), false)
    await indexer.indexUsers(
      trx,
      users.map((u) => Number(u.id)),
    )
  })
  // PostgreSQL plans `@@` by the tables' statistics: give it fresh ones after a bulk load
  // (else it may walk a bitmap of every match of a frequent word instead of the newest rows)
  await refreshStatistics(db, searchTables(db))
}
