import { sql } from 'kysely'
import type { Db } from '../../db/database'
import { preparedQuery } from '../../db/prepared'
import { notBlockedWith } from '../graph/blocks'
import type { Item, Saving } from './cards'

/** The root of a network pin's save chain: the pin itself for an original (pins.root_pin_id). */
const rootOfItem = sql<number>`coalesce(p.root_pin_id, p.id)`

const toItems = (rows: { pin_id: number; root: number }[]): Item[] =>
  rows.map((r) => ({ pin: Number(r.pin_id), root: Number(r.root) }))

/** Reads of the home feed: the viewer's network (feed_items, see timeline.ts) and popular pins. */
export function createFeedRepository(db: Db) {
  const network = () =>
    db.selectFrom('feed_items as fi').innerJoin('pins as p', 'p.id', 'fi.pin_id')
  // The root by a probe per item read (every item has its pin: feed_items cascades from pins),
  // not a join: PostgreSQL may plan a join under a LIMIT as a merge walking pins backwards
  // from the newest until the reader's items turn up — 63,000 pins for a page of 256.
  const items = () =>
    db
      .selectFrom('feed_items as fi')
      .select([
        'fi.pin_id',
        sql<number>`(select coalesce(p.root_pin_id, p.id) from pins p where p.id = fi.pin_id)`.as(
          'root',
        ),
      ])
  // The first page has no bound: SQLite reads it faster than one bounded by a huge id.
  const newest = preparedQuery(db, 2, (viewerId: number, limit: number) =>
    items().where('fi.user_id', '=', viewerId).orderBy('fi.pin_id', 'desc').limit(limit),
  )
  const older = preparedQuery(db, 3, (viewerId: number, beforeId: number, limit: number) =>
    items()
      .where('fi.user_id', '=', viewerId)
      .where('fi.pin_id', '<', beforeId)
      .orderBy('fi.pin_id', 'desc')
      .limit(limit),
  )
  const since = preparedQuery(db, 2, (viewerId: number, fromId: number) =>
    items().where('fi.user_id', '=', viewerId).where('fi.pin_id', '>=', fromId),
  )

  return {
    /** The viewer's network pins with their roots, newest first, below `beforeId` (null: all). */
    async items(viewerId: number, beforeId: number | null, limit: number): Promise<Item[]> {
      const rows =
        beforeId === null ? await newest(viewerId, limit) : await older(viewerId, beforeId, limit)
      return toItems(rows)
    },

    /** The roots of the viewer's network pins from `fromId` on (the cards a bookmark is past). */
    async rootsSince(viewerId: number, fromId: number): Promise<Set<number>> {
      return new Set(toItems(await since(viewerId, fromId)).map((i) => i.root))
    },

    /**
     * Every pin of the viewer's network saved from one of `roots` (the roots themselves
     * included) by an account not suspended, with who saved it; and which roots still exist.
     */
    async savings(
      viewerId: number,
      roots: number[],
    ): Promise<{ savings: Saving[]; existing: Set<number> }> {
      if (roots.length === 0) return { savings: [], existing: new Set() }
      const [rows, existing] = await Promise.all([
        network()
          .innerJoin('users as u', 'u.id', 'p.owner_id')
          .select(['fi.pin_id', rootOfItem.as('root'), 'p.owner_id', 'u.username'])
          .where('fi.user_id', '=', viewerId)
          // a suspended account's pins stay in its followers' networks, unseen: its saves
          // neither name it nor make a card (one without savings is left out)
          .where('u.suspended_at', 'is', null)
          .where('fi.pin_id', 'in', (eb) =>
            eb
              .selectFrom('pins as s')
              .select('s.id')
              .where('s.root_pin_id', 'in', roots)
              .unionAll(eb.selectFrom('pins as o').select('o.id').where('o.id', 'in', roots)),
          )
          .execute(),
        db.selectFrom('pins').select('id').where('id', 'in', roots).execute(),
      ])
      return {
        savings: rows.map((r) => ({
          pin: Number(r.pin_id),
          root: Number(r.root),
          ownerId: Number(r.owner_id),
          username: r.username,
        })),
        existing: new Set(existing.map((r) => Number(r.id))),
      }
    },

    /**
     * Public original pins (not saves) outside the viewer's network, most saved first
     * (pins_popular): a pin whose root is in the network is there already, as its card.
     */
    async popular(
      viewerId: number | null,
      after: { saves: number; id: number } | null,
      limit: number,
    ): Promise<{ id: number; save_count: number }[]> {
      let q = db
        .selectFrom('pins as p')
        .select(['p.id', 'p.save_count'])
        .where('p.secret', '=', 0)
        .where('p.root_pin_id', 'is', null)
      if (viewerId !== null) {
        q = q.where(notBlockedWith(viewerId, 'p.owner_id')).where('p.id', 'not in', (eb) =>
          eb
            .selectFrom('feed_items as fi')
            .innerJoin('pins as n', 'n.id', 'fi.pin_id')
            .select(sql<number>`coalesce(n.root_pin_id, n.id)`.as('root'))
            .where('fi.user_id', '=', viewerId),
        )
      }
      if (after) {
        q = q.where((eb) =>
          eb.or([
            eb('p.save_count', '<', after.saves),
            eb.and([eb('p.save_count', '=', after.saves), eb('p.id', '<', after.id)]),
          ]),
        )
      }
      const rows = await q
        .orderBy('p.save_count', 'desc')
        .orderBy('p.id', 'desc')
        .limit(limit)
        .execute()
      return rows.map((r) => ({ id: Number(r.id), save_count: Number(r.save_count) }))
    },
  }
}

export type FeedRepository = ReturnType<typeof createFeedRepository>
