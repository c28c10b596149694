import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulkLoad } from '../../server/db/bulk-load'
import type { Db } from '../../server/db/database'
import { seedSynthetic } from '../../server/demo/synthetic'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'

/** feed_items's keys, foreign keys and indexes as the database describes them. */
async function shapeOf(db: Db, dialect: string) {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
      select type, name, sql from sqlite_master where tbl_name = 'feed_items' order by name`.execute(
      db,
    )
    return rows
  }
  const { rows: constraints } = await sql<{ name: string; def: string }>`
    select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
    where conrelid = 'feed_items'::regclass order by conname`.execute(db)
  const { rows: indexes } = await sql<{ name: string; def: string }>`
    select indexname as name, indexdef as def from pg_indexes
    where tablename = 'feed_items' and schemaname = current_schema() order by indexname`.execute(db)
  return { constraints, indexes }
}

/** Every network row by definition: own pins, and public pins of followed people and boards. */
async function expectedNetworks(db: Db) {
  const { rows } = await sql<{ user_id: number; pin_id: number }>`
    select p.owner_id as user_id, p.id as pin_id from pins p
    union select f.follower_id, p.id from pins p join follows f on f.followee_id = p.owner_id
      where p.secret = 0
    union select bf.user_id, p.id from pins p join board_follows bf on bf.board_id = p.board_id
      where p.secret = 0
    order by 1, 2`.execute(db)
  return rows.map((r) => [Number(r.user_id), Number(r.pin_id)])
}

const feedRows = async (db: Db) =>
  (
    await db
      .selectFrom('feed_items')
      .select(['user_id', 'pin_id'])
      .orderBy('user_id')
      .orderBy('pin_id')
      .execute()
  ).map((r) => [Number(r.user_id), Number(r.pin_id)])

/**
 * A seed writes the home-feed networks through bulkLoad, which drops feed_items's indexes (and
 * on PostgreSQL its keys and foreign keys) for the load and builds them again: the rows are
 * exactly the networks, and the table comes out with the same keys, foreign keys and indexes,
 * still enforced — also when a load fails half-way.
 */
for (const dialect of DIALECTS) {
  describe(`bulk loading feed_items [${dialect}]`, () => {
    let t: TestApp
    let before: Awaited<ReturnType<typeof shapeOf>>

    beforeAll(async () => {
      t = await createTestApp(dialect)
      before = await shapeOf(t.ctx.db, dialect)
      await seedSynthetic(
        { db: t.ctx.db, media: t.ctx.services.media },
        { pins: 400, users: 40, images: 14, follows: { min: 3, max: 10 }, seed: 'bulk-load' },
      )
    }, 120_000)
    afterAll(() => t?.close())

    it('a seed writes exactly every network, and feed_items keeps its shape', async () => {
      const expected = await expectedNetworks(t.ctx.db)
      expect(expected.length).toBeGreaterThan(400)
      expect(await feedRows(t.ctx.db)).toEqual(expected)
      expect(await shapeOf(t.ctx.db, dialect)).toEqual(before)
    })

    it('the keys are enforced again afterwards: no duplicate, no unknown pin, cascades', async () => {
      const [userId, pinId] = (await feedRows(t.ctx.db))[0]!
      await expect(
        t.ctx.db.insertInto('feed_items').values({ user_id: userId!, pin_id: pinId! }).execute(),
      ).rejects.toThrow()
      await expect(
        t.ctx.db
          .insertInto('feed_items')
          .values({ user_id: userId!, pin_id: 99_999_999 })
          .execute(),
      ).rejects.toThrow()
      await t.ctx.db.deleteFrom('pins').where('id', '=', pinId!).execute()
      const left = await t.ctx.db
        .selectFrom('feed_items')
        .select('user_id')
        .where('pin_id', '=', pinId!)
        .execute()
      expect(left).toEqual([])
    })

    it('a load that fails leaves the table as it was, keys and indexes included', async () => {
      const rows = await feedRows(t.ctx.db)
      const failing = t.ctx.db.transaction().execute((trx) =>
        bulkLoad(trx, 'feed_items', async () => {
          // a row already there: refused by the key, at once or when it is built again
          const [userId, pinId] = rows[0]!
          await sql`insert into feed_items (user_id, pin_id) values (${userId}, ${pinId})`.execute(
            trx,
          )
        }),
      )
      await expect(failing).rejects.toThrow()
      expect(await feedRows(t.ctx.db)).toEqual(rows)
      expect(await shapeOf(t.ctx.db, dialect)).toEqual(before)
    })
  })
}
