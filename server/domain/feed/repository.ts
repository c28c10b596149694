import type { Db } from '../../db/database'
import type { Caches } from '../caches'
import { preparedColumn } from '../../db/prepared'
import { notBlockedWith } from '../graph/blocks'

/** How many of the newest pins of a reader's network are kept in memory once read. */
const HEAD = 128

export function createFeedRepository(db: Db, caches: Caches) {
  const heads = caches.of<number, number[]>('feeds')
  const network = () => db.selectFrom('feed_items').select('pin_id').orderBy('pin_id', 'desc')
  // The first page has no bound: SQLite reads it faster than one bounded by a huge id.
  const firstPage = preparedColumn(db, 2, (viewerId: number, limit: number) =>
    network().where('user_id', '=', viewerId).limit(limit),
  )
  const nextPage = preparedColumn(db, 3, (viewerId: number, beforeId: number, limit: number) =>
    network().where('user_id', '=', viewerId).where('pin_id', '<', beforeId).limit(limit),
  )
  /** The page after `beforeId` from a network's head; past the head, from the database. */
  function pageOf(head: number[], viewerId: number, beforeId: number | null, limit: number) {
    const start = beforeId === null ? 0 : head.findIndex((id) => id < beforeId)
    const complete = head.length < HEAD // the whole network fits in its head
    if (start >= 0 && (complete || start + limit <= head.length)) {
      return head.slice(start, start + limit)
    }
    if (complete) return []
    return nextPage(viewerId, beforeId ?? Number.MAX_SAFE_INTEGER, limit)
  }

  return {
    /**
     * A page of the viewer's network (see timeline.ts), newest first: one index range, and
     * from memory (without a promise) when the page lies within the newest pins of a network
     * already read.
     */
    network(
      viewerId: number,
      beforeId: number | null,
      limit: number,
    ): number[] | Promise<number[]> {
      const head = heads.get(viewerId)
      if (head) return pageOf(head, viewerId, beforeId, limit)
      const stamp = heads.stamp()
      return firstPage(viewerId, HEAD).then((loaded) => {
        heads.set(viewerId, loaded, stamp)
        return pageOf(loaded, viewerId, beforeId, limit)
      })
    },

    /** Public pins outside the viewer's network, most saved first (pins_popular). */
    async popular(
      viewerId: number | null,
      after: { saves: number; id: number } | null,
      limit: number,
    ): Promise<{ id: number; save_count: number }[]> {
      let q = db.selectFrom('pins as p').select(['p.id', 'p.save_count']).where('p.secret', '=', 0)
      if (viewerId !== null) {
        q = q
          .where(notBlockedWith(viewerId, 'p.owner_id'))
          .where(
            'p.id',
            'not in',
            db.selectFrom('feed_items').select('pin_id').where('user_id', '=', viewerId),
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
