import { sql } from 'kysely'
import type { Db } from '../../db/database'
import { notBlockedWith } from '../graph/blocks'

/** Pins from the viewer, the people they follow and the boards they follow (blocks aside). */
function inNetwork(viewerId: number) {
  return sql<boolean>`(p.owner_id = ${viewerId} or p.owner_id in (select f.followee_id from follows f where f.follower_id = ${viewerId}) or p.board_id in (select bf.board_id from board_follows bf where bf.user_id = ${viewerId}))`
}

export function createFeedRepository(db: Db) {
  return {
    /**
     * The viewer's network, newest first. Each source (own pins, followed people, followed
     * boards) is an index-only walk limited on its own (pins_owner_public, pins_board_public),
     * and blocks are checked per followed person or board rather than per pin; only the final
     * page is joined with owners and images.
     */
    async network(viewerId: number, beforeId: number | null, limit: number): Promise<number[]> {
      const before = beforeId === null ? sql`` : sql`and id < ${beforeId}`
      const ids = sql<{ id: number }>`select id from (
          select id from (select id from pins where owner_id = ${viewerId} ${before} order by id desc limit ${limit}) as own
          union
          select id from (select id from pins where secret = 0 ${before} and owner_id in (
              select f.followee_id from follows f
              where f.follower_id = ${viewerId} and ${notBlockedWith(viewerId, 'f.followee_id')}
            ) order by id desc limit ${limit}) as people
          union
          select id from (select id from pins where secret = 0 ${before} and board_id in (
              select bf.board_id from board_follows bf join boards fb on fb.id = bf.board_id
              where bf.user_id = ${viewerId} and ${notBlockedWith(viewerId, 'fb.owner_id')}
            ) order by id desc limit ${limit}) as followed_boards
        ) as network order by id desc limit ${limit}`
      const { rows } = await ids.execute(db)
      return rows.map((r) => Number(r.id))
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
          .where(sql<boolean>`not ${inNetwork(viewerId)}`)
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
