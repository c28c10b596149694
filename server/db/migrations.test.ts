import { sql, type Kysely } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { DIALECTS, PG_URL } from '../../tests/support/dialects'
import { createPgSchema } from '../../tests/support/pg-schema'
import { openDatabase, type DbHandle } from './database'
import { migrate } from './migrate'
import { MIGRATIONS } from './migrations'
import { userRow } from './test-rows'

/**
 * An upgrade from 003: the frozen migrations still backfill what existed before them (the
 * feed network in SQL, the search index through a job).
 */
describe.each(DIALECTS)('frozen migrations: an upgrade from 003 [%s]', (dialect) => {
  const cleanups: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c()
  })

  async function open(): Promise<DbHandle> {
    if (dialect === 'sqlite') {
      const handle = openDatabase({ dialect, sqlitePath: ':memory:' })
      cleanups.push(() => handle.close())
      return handle
    }
    const schema = await createPgSchema('migrations')
    const handle = openDatabase({ dialect, url: PG_URL, pgSchema: schema.name, poolSize: 2 })
    cleanups.push(schema.drop, () => handle.close())
    return handle
  }

  it('writes every network from the follows, and queues the search index', async () => {
    const { db } = await open()
    const raw = db as unknown as Kysely<unknown>
    await sql`create table schema_migrations (name text primary key, applied_at text not null)`.execute(
      db,
    )
    for (const m of MIGRATIONS.slice(0, 3)) {
      await m.up(raw, dialect)
      await sql`insert into schema_migrations values (${m.name}, '')`.execute(db)
    }
    const now = new Date().toISOString()
    const [ann, bob, cid] = await Promise.all(
      ['ann', 'bob', 'cid'].map(async (name) =>
        Number(
          (
            await db
              .insertInto('users')
              .values(userRow(name))
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
        ),
      ),
    )
    const board = async (owner: number, name: string) =>
      Number(
        (
          await db
            .insertInto('boards')
            .values({ owner_id: owner, name, description: '', privacy: 'PUBLIC', created_at: now })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      )
    const annBoard = await board(ann!, 'a')
    const bobBoard = await board(bob!, 'b')
    await db
      .insertInto('media')
      .values({
        key: 'k',
        owner_id: ann!,
        width: 1,
        height: 1,
        dominant_color: '#000',
        created_at: now,
      })
      .execute()
    const pin = async (owner: number, boardId: number, secret: number) =>
      Number(
        (
          await db
            .insertInto('pins')
            .values({
              owner_id: owner,
              board_id: boardId,
              secret,
              title: 'quokka',
              description: '',
              media_key: 'k',
              save_count: 0,
              like_count: 0,
              click_count: 0,
              created_at: now,
            } as never)
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      )
    const annPublic = await pin(ann!, annBoard, 0)
    const annSecret = await pin(ann!, annBoard, 1)
    const bobPublic = await pin(bob!, bobBoard, 0)
    await db
      .insertInto('follows')
      .values({ follower_id: bob!, followee_id: ann!, created_at: now })
      .execute()
    await db
      .insertInto('board_follows')
      .values({ user_id: cid!, board_id: bobBoard, created_at: now })
      .execute()

    await migrate(db, dialect)

    const items = await db
      .selectFrom('feed_items')
      .select(['user_id', 'pin_id'])
      .orderBy('user_id')
      .orderBy('pin_id')
      .execute()
    expect(items.map((r) => [Number(r.user_id), Number(r.pin_id)])).toEqual(
      [
        [ann, annPublic],
        [ann, annSecret],
        [bob, annPublic],
        [bob, bobPublic],
        [cid, bobPublic],
      ].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!),
    )
    const jobs = await db.selectFrom('jobs').select(['type', 'payload']).execute()
    expect(jobs).toEqual([{ type: 'search.rebuild', payload: '{}' }])
  })

  it('queues nothing on a fresh install', async () => {
    const { db } = await open()
    await migrate(db, dialect)
    expect(await db.selectFrom('jobs').select('type').execute()).toEqual([])
    expect(await db.selectFrom('feed_items').select('pin_id').execute()).toEqual([])
  })
})
