import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Db } from '../../server/db/database'
import { up as migration018 } from '../../server/db/migrations/018-search-postings'
import { userRow } from '../../server/db/test-rows'
import {
  createRng,
  insertCorpus,
  madeUpWords,
  zipf,
  type CorpusPin,
} from '../../server/demo/search-corpus'
import { stems } from '../../server/domain/search/analyzer'
import { createFullText, type MatchQuery } from '../../server/domain/search/fulltext'
import { createSearchIndexer, rebuildSearchIndex } from '../../server/domain/search/indexer'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'

/**
 * SQLite and PostgreSQL answer the same pins in the same order on the same data: a Zipf corpus
 * of made-up words with someone's secret pins among the public ones, written to both in the
 * same order (so ids agree). Compared: the full-text match itself (every match, page by page,
 * for an anonymous reader and for the secret pins' owner) — on PostgreSQL both along the
 * postings (migration 018) and by GIN, and as chosen by cost — for 1-, 2- and 3-term queries
 * from frequent to rare words, phrases and a prefix; then `searchPins` pages (ids, order,
 * bookmarks, guides); then again after pins are edited, deleted and made public and secret.
 */

const rng = createRng('search-dialects')
const words = madeUpWords(150, rng)
const draw = zipf(words.length, rng)
const filler = (n: number) => Array.from({ length: n }, () => words[draw()]).join(' ')
const corpus = (n: number): CorpusPin[] =>
  Array.from({ length: n }, () => ({ title: filler(rng.int(2, 5)), description: filler(8) }))
const publicA = corpus(1200)
const secret = corpus(150)
const publicB = corpus(1200)

/** the owner of the secret pins (the same id on both databases) */
let ownerId = 0

async function fill(db: Db) {
  const old = Date.parse('2006-01-01T00:00:00Z')
  await insertCorpus(db, publicA, { createdFrom: old, spanMs: 86_400_000 })
  const owner = await db
    .insertInto('users')
    .values(userRow('secret_owner'))
    .returning('id')
    .executeTakeFirstOrThrow()
  ownerId = Number(owner.id)
  const board = await db
    .insertInto('boards')
    .values({
      owner_id: ownerId,
      name: 'Hidden',
      description: '',
      privacy: 'SECRET',
      created_at: new Date(old).toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const media = await db.selectFrom('media').select('key').executeTakeFirstOrThrow()
  await db
    .insertInto('pins')
    .values(
      secret.map((p, i) => ({
        owner_id: ownerId,
        board_id: Number(board.id),
        board_section_id: null,
        secret: 1,
        title: p.title,
        description: p.description,
        link: null,
        alt_text: null,
        media_key: media.key,
        parent_pin_id: null,
        source_domain: null,
        save_count: 0,
        like_count: 0,
        click_count: 0,
        created_at: new Date(old + 86_400_000 + i * 1000).toISOString(),
      })),
    )
    .execute()
  await insertCorpus(db, publicB, { createdFrom: old + 2 * 86_400_000, spanMs: 86_400_000 })
  await rebuildSearchIndex(db)
}

const stem = (w: string) => stems(w)[0]!

/** Match queries over frequent, middling and rare words, phrases and prefixes. */
function matchQueries(): MatchQuery[] {
  const s = words.map(stem)
  const q = (all: string[], phrases: string[][] = [], prefix: string | null = null) => ({
    all,
    phrases,
    prefix,
  })
  // a prefix no word is: the first letters of a middling word, cut short
  const prefixOf = (w: string) => w.slice(0, 3)
  return [
    ...[0, 1, 2, 5, 12, 30, 60, 120, 149].map((i) => q([s[i]!])),
    q(['zzzznothing']),
    q([s[0]!, s[1]!]),
    q([s[0]!, s[3]!]),
    q([s[2]!, s[9]!]),
    q([s[0]!, s[40]!]),
    q([s[10]!, s[25]!]),
    q([s[7]!, s[130]!]),
    q([s[0]!, s[1]!, s[2]!]),
    q([s[0]!, s[4]!, s[20]!]),
    q([s[3]!, s[8]!, s[15]!]),
    q([s[1]!, s[50]!, s[100]!]),
    q([], [[s[0]!, s[1]!]]),
    q([], [[s[1]!, s[0]!]]),
    q([s[2]!], [[s[0]!, s[3]!]]),
    q([], [[s[0]!, s[0]!]]),
    q([], [], prefixOf(s[0]!)),
    q([], [], prefixOf(s[20]!)),
    q([s[0]!], [], prefixOf(s[6]!)),
    q([s[1]!, s[2]!], [], prefixOf(s[0]!)),
  ]
}

/** Every match, `page` at a time (each page starting below the last id of the one before). */
async function everyMatch(
  match: (before: number | null, limit: number) => Promise<number[]>,
  page: number,
) {
  const out: number[] = []
  let before: number | null = null
  for (;;) {
    const ids = await match(before, page)
    out.push(...ids)
    if (ids.length < page) return out
    before = ids[ids.length - 1]!
  }
}

describe.skipIf(!DIALECTS.includes('postgres'))(
  'search answers alike on SQLite and PostgreSQL',
  () => {
    let lite: TestApp
    let pg: TestApp

    beforeAll(async () => {
      lite = await createTestApp('sqlite')
      pg = await createTestApp('postgres')
      await fill(lite.ctx.db)
      await fill(pg.ctx.db)
    }, 180_000)
    afterAll(async () => {
      await lite?.close()
      await pg?.close()
    })

    async function compareMatches() {
      const want = createFullText(lite.ctx.db)
      const ways = {
        auto: createFullText(pg.ctx.db),
        postings: createFullText(pg.ctx.db, 'postings'),
        gin: createFullText(pg.ctx.db, 'gin'),
      }
      for (const q of matchQueries()) {
        for (const viewer of [null, ownerId]) {
          for (const page of [500, 37]) {
            const expected = await everyMatch((b, l) => want.matchPins(q, b, l, viewer), page)
            for (const [way, ft] of Object.entries(ways)) {
              const got = await everyMatch((b, l) => ft.matchPins(q, b, l, viewer), page)
              expect(got, `${JSON.stringify(q)} viewer ${viewer} page ${page} ${way}`).toEqual(
                expected,
              )
            }
          }
          // a search window: the same pins with the same facts (PostgreSQL's from search_facts)
          const window = await want.matchPinFacts(q, null, 500, viewer)
          for (const [way, ft] of Object.entries(ways)) {
            expect(
              await ft.matchPinFacts(q, null, 500, viewer),
              `window of ${JSON.stringify(q)} viewer ${viewer} ${way}`,
            ).toEqual(window)
          }
        }
      }
    }

    /** searchPins as served: ids in order, bookmarks, guides, the correction; pages followed */
    async function compareSearches() {
      const texts = [
        words[0]!,
        `${words[0]} ${words[1]}`,
        `${words[2]} ${words[9]} ${words[0]}`,
        `${words[20]} ${words[3]}`,
        words[120]!,
        words[5]!.slice(0, 3),
        `${words[1]} ${words[6]!.slice(0, 3)}`,
      ]
      const asks: { query: string; guides?: string }[] = texts.map((query) => ({ query }))
      asks.push({ query: words[0]!, guides: `${words[1]} ${words[2]}` })
      asks.push({ query: words[1]!, guides: words[3]! })
      for (const ask of asks) {
        for (const viewer of [null, ownerId]) {
          const pages = async (t: TestApp) => {
            const out: unknown[] = []
            let bookmark: string | undefined
            for (let i = 0; i < 4; i++) {
              const res = await t.ctx.services.search.searchPins(viewer, {
                ...ask,
                page_size: 40,
                bookmark,
              })
              const body = JSON.parse(res.body.toString()) as {
                items: { id: string; title: string }[]
                bookmark: string | null
                guides?: unknown
                corrected_query?: unknown
              }
              out.push({
                ids: body.items.map((p) => `${p.id} ${p.title}`),
                bookmark: body.bookmark,
                guides: body.guides,
                corrected: body.corrected_query,
              })
              if (!body.bookmark) break
              bookmark = body.bookmark
            }
            return out
          }
          expect(await pages(pg), `${JSON.stringify(ask)} viewer ${viewer}`).toEqual(
            await pages(lite),
          )
        }
      }
    }

    it('the same matches in the same order, every way PostgreSQL may take', async () => {
      await compareMatches()
    }, 180_000)

    it('the same search pages, bookmarks and guides', async () => {
      await compareSearches()
    }, 120_000)

    it('still the same after pins are edited, deleted, made public and secret', async () => {
      for (const t of [lite, pg]) {
        const db = t.ctx.db
        const indexer = createSearchIndexer(db)
        const ids = (await db.selectFrom('pins').select('id').orderBy('id').execute()).map((r) =>
          Number(r.id),
        )
        await db.transaction().execute(async (trx) => {
          // edited: words gained and lost
          for (const id of ids.filter((_, i) => i % 97 === 3)) {
            await trx
              .updateTable('pins')
              .set({ title: `${words[0]} ${words[70]} edited`, description: words[2]! })
              .where('id', '=', id)
              .execute()
          }
          await indexer.indexPins(
            trx,
            ids.filter((_, i) => i % 97 === 3),
          )
          // deleted
          const gone = ids.filter((_, i) => i % 89 === 5)
          await indexer.removePins(trx, gone)
          await trx.deleteFrom('pins').where('id', 'in', gone).execute()
          // public pins made secret, secret ones public (owners unchanged)
          const flipped = ids.filter((_, i) => i % 83 === 7)
          await trx
            .updateTable('pins')
            .set((eb) => ({ secret: eb.case().when('secret', '=', 1).then(0).else(1).end() }))
            .where('id', 'in', flipped)
            .execute()
          await indexer.indexPins(trx, flipped)
        })
      }
      await compareMatches()
      await compareSearches()
    }, 240_000)

    it('migration 018 builds on PostgreSQL the postings and documents the indexer keeps', async () => {
      const db = pg.ctx.db
      const snapshot = async () => ({
        docs: (
          await sql<{ row: string }>`select pin_id || ' ' || document::text as row from search_docs
            union all select board_id || ' ' || document::text from board_search_docs
            order by 1`.execute(db)
        ).rows,
        postings: (
          await sql<{
            row: string
          }>`select term || ' ' || pin_id || ' ' || coalesce(visible_to, 0) as row
            from search_postings order by 1`.execute(db)
        ).rows,
      })
      const kept = await snapshot()
      expect(kept.postings.length).toBeGreaterThan(20_000)
      // as before 018: no postings, documents without the gap
      await sql`drop table search_postings`.execute(db)
      await sql`drop index users_username_bytewise`.execute(db)
      await sql`update search_docs set document = to_tsvector('simple', tokens)`.execute(db)
      await migration018(db as never, 'postgres')
      expect(await snapshot()).toEqual(kept)
      await compareMatches()
    }, 240_000)
  },
)
