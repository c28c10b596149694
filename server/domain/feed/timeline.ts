import { sql, type Kysely, type RawBuilder } from 'kysely'
import { bulkLoad } from '../../db/bulk-load'
import type { Database } from '../../db/schema'
import type { Unit } from '../unit'

/**
 * The home feed's network phase, kept written rather than computed on each read: one row
 * per (reader, pin) in `feed_items` for the reader's own pins and the public pins of the
 * people and boards they follow; read as one card per original pin (cards.ts). Reading a page
 * is then one index range, however many people a reader follows. Every write that changes
 * who should see a pin in their network updates these rows in the same transaction, through
 * `timeline`.
 */
type Executor = Kysely<Database>

/**
 * Millions of rows at once (a migration, a seed), in key order, through bulkLoad: the indexes
 * (and on PostgreSQL the keys) built afterwards. The rows (distinct: `rows` is a union) must
 * not be in the table yet where the key is not kept; where it is, those already there are
 * skipped. `where true` lets SQLite parse an upsert whose rows come from a select.
 */
const insertInBulk = (trx: Executor, rows: RawBuilder<unknown>) =>
  bulkLoad(trx, 'feed_items', (keysKept) =>
    sql`insert into feed_items (user_id, pin_id)
      select x.user_id, x.pin_id from (${rows}) as x where true order by 1, 2
      ${keysKept ? sql`on conflict (user_id, pin_id) do nothing` : sql``}`.execute(trx),
  )

/** The rows every pin matching `where` (over `p`) puts in readers' networks. */
function readersOf(where: RawBuilder<unknown>) {
  return sql`select p.owner_id as user_id, p.id as pin_id from pins p where ${where}
    union
    select f.follower_id, p.id from pins p join follows f on f.followee_id = p.owner_id
      where p.secret = 0 and ${where}
    union
    select bf.user_id, p.id from pins p join board_follows bf on bf.board_id = p.board_id
      where p.secret = 0 and ${where}`
}

/** Rows putting the public pins matching `where` into one reader's network. */
const publicPinsFor = (userId: number, where: RawBuilder<unknown>) =>
  sql`select cast(${userId} as bigint) as user_id, id as pin_id from pins where ${where} and secret = 0`

/** Deletes feed_items matching `where` and answers whose networks lost a pin. */
async function deleteItems(trx: Executor, where: RawBuilder<unknown>): Promise<number[]> {
  const { rows } = await sql<{
    user_id: number
  }>`delete from feed_items where ${where} returning user_id`.execute(trx)
  return rows.map((r) => Number(r.user_id))
}

/** Inserts and answers whose networks gained a pin. */
async function addItems(trx: Executor, rows: RawBuilder<unknown>): Promise<number[]> {
  const { rows: added } = await sql<{ user_id: number }>`insert into feed_items (user_id, pin_id)
    select x.user_id, x.pin_id from (${rows}) as x where true
    on conflict (user_id, pin_id) do nothing returning user_id`.execute(trx)
  return added.map((r) => Number(r.user_id))
}

/**
 * Pins written in bulk (a seed), with their follows: every pin with an id above `afterId`
 * (none of them in anyone's network yet).
 */
export const writeNetworksAfter = (trx: Executor, afterId: number) =>
  insertInBulk(trx, readersOf(sql`p.id > ${afterId}`))

/** Works every network out from scratch (a migration). */
export async function rebuildNetworks(trx: Executor) {
  await trx.deleteFrom('feed_items').execute()
  await insertInBulk(trx, readersOf(sql`true`))
}

/** Declares the networks that changed as stale (`feeds`), dropped once `unit` commits. */
const changedBy = async (unit: Unit, userIds: Promise<number[]>) =>
  unit.changed('feeds', await userIds)
const readersOfPin = (pinId: number) => readersOf(sql`p.id = ${pinId}`)

/** Drops from one reader's network the pins matching `where` (over pins) that are not their own. */
const dropFor = (unit: Unit, userId: number, where: RawBuilder<unknown>) =>
  changedBy(
    unit,
    deleteItems(
      unit.trx,
      sql`user_id = ${userId} and pin_id in (
        select id from pins where ${where} and owner_id <> ${userId})`,
    ),
  )

/**
 * The changes to networks, each in the caller's unit, which drops the networks that changed
 * from the cache (`feeds`) once it commits, here and on every instance.
 */
export const timeline = {
  /** A new pin: into its owner's network and, when public, their followers' and its board's. */
  pinAdded: (unit: Unit, pinId: number) => changedBy(unit, addItems(unit.trx, readersOfPin(pinId))),

  /** A pin that moved to another board: its readers are worked out again. */
  async pinMoved(unit: Unit, pinId: number) {
    const gone = await deleteItems(unit.trx, sql`pin_id = ${pinId}`)
    unit.changed('feeds', gone.concat(await addItems(unit.trx, readersOfPin(pinId))))
  },

  /** A pin about to be deleted: out of every network first. */
  pinRemoved: (unit: Unit, pinId: number) =>
    changedBy(unit, deleteItems(unit.trx, sql`pin_id = ${pinId}`)),

  /** A board that turned secret or public: the readers of its pins are worked out again. */
  async boardPrivacyChanged(unit: Unit, boardId: number) {
    const gone = await deleteItems(
      unit.trx,
      sql`pin_id in (select id from pins where board_id = ${boardId})`,
    )
    const added = await addItems(unit.trx, readersOf(sql`p.board_id = ${boardId}`))
    unit.changed('feeds', gone.concat(added))
  },

  /** A board about to be deleted with its pins: out of every network first. */
  boardRemoved: (unit: Unit, boardId: number) =>
    changedBy(
      unit,
      deleteItems(unit.trx, sql`pin_id in (select id from pins where board_id = ${boardId})`),
    ),

  followed: (unit: Unit, followerId: number, followeeId: number) =>
    changedBy(unit, addItems(unit.trx, publicPinsFor(followerId, sql`owner_id = ${followeeId}`))),

  /** Drops the followee's pins, except those on boards the follower still follows. */
  unfollowed: (unit: Unit, followerId: number, followeeId: number) =>
    dropFor(
      unit,
      followerId,
      sql`owner_id = ${followeeId} and board_id not in (
        select board_id from board_follows where user_id = ${followerId})`,
    ),

  boardFollowed: (unit: Unit, userId: number, boardId: number) =>
    changedBy(unit, addItems(unit.trx, publicPinsFor(userId, sql`board_id = ${boardId}`))),

  /** Drops the board's pins, except those of people the reader follows. */
  boardUnfollowed: (unit: Unit, userId: number, boardId: number) =>
    dropFor(
      unit,
      userId,
      sql`board_id = ${boardId} and owner_id not in (
        select followee_id from follows where follower_id = ${userId})`,
    ),

  /** A block: neither sees the other's pins in their network any more. */
  severed: (unit: Unit, a: number, b: number) =>
    changedBy(
      unit,
      deleteItems(
        unit.trx,
        sql`(user_id = ${a} and pin_id in (select id from pins where owner_id = ${b}))
          or (user_id = ${b} and pin_id in (select id from pins where owner_id = ${a}))`,
      ),
    ),
}

export type Timeline = typeof timeline
