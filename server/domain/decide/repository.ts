import { sql, type Transaction } from 'kysely'
import type { Db } from '../../db/database'
import type { Database } from '../../db/schema'
import { visibleToMember } from '../messaging/message-repository'
import { visiblePinsTo } from '../pins/repository'

type Trx = Transaction<Database>

/** A pin's place on a conversation's shortlist: its votes, the newest first breaking ties. */
export interface RankRow {
  pin_id: number
  votes: number
  last_vote: string
}

/** The shortlist's longest answer. */
export const SHORTLIST_MAX = 100

/** Votes on the pins a group shares, and the shortlist they make. */
export function createDecideRepository() {
  return {
    /**
     * Whether the pin was shared in the conversation in a message `userId` sees as a current
     * member (after they joined, not from someone they blocked).
     */
    async sharedHere(conn: Db, conversationId: number, userId: number, pinId: number) {
      const row = await conn
        .selectFrom('messages as msg')
        .innerJoin('conversation_members as cm', (j) =>
          j.onRef('cm.conversation_id', '=', 'msg.conversation_id').on('cm.user_id', '=', userId),
        )
        .innerJoin('conversations as c', 'c.id', 'msg.conversation_id')
        .select('msg.id')
        .where('msg.conversation_id', '=', conversationId)
        .where('msg.attachment_type', '=', 'pin')
        .where('msg.attachment_id', '=', pinId)
        .where('cm.left_seq', 'is', null)
        .where(visibleToMember)
        .limit(1)
        .executeTakeFirst()
      return row !== undefined
    },

    /** Sets (true) or takes back (false) a vote; answers whether anything changed. */
    async setVote(
      trx: Trx,
      conversationId: number,
      pinId: number,
      userId: number,
      on: boolean,
      now: string,
    ): Promise<boolean> {
      if (on) {
        // voters are listed in the order they voted: a vote in the same millisecond as the
        // pin's latest one still comes after it
        const latest = await trx
          .selectFrom('pin_votes')
          .select((eb) => eb.fn.max('created_at').as('at'))
          .where('conversation_id', '=', conversationId)
          .where('pin_id', '=', pinId)
          .executeTakeFirst()
        const after = latest?.at && latest.at >= now ? Date.parse(latest.at) + 1 : null
        const res = await trx
          .insertInto('pin_votes')
          .values({
            conversation_id: conversationId,
            pin_id: pinId,
            user_id: userId,
            created_at: after === null ? now : new Date(after).toISOString(),
          })
          .onConflict((oc) => oc.columns(['conversation_id', 'pin_id', 'user_id']).doNothing())
          .executeTakeFirst()
        return Number(res.numInsertedOrUpdatedRows ?? 0) > 0
      }
      const res = await trx
        .deleteFrom('pin_votes')
        .where('conversation_id', '=', conversationId)
        .where('pin_id', '=', pinId)
        .where('user_id', '=', userId)
        .executeTakeFirst()
      return Number(res.numDeletedRows) > 0
    },

    /**
     * The conversation's voted pins that `viewerId` may see, most votes first, ties to the newest
     * vote: only current members' votes count.
     */
    ranking(conn: Db, conversationId: number, viewerId: number) {
      return conn
        .selectFrom('pin_votes as v')
        .innerJoin('conversation_members as vm', (j) =>
          j
            .onRef('vm.conversation_id', '=', 'v.conversation_id')
            .onRef('vm.user_id', '=', 'v.user_id'),
        )
        .innerJoin('pins as p', 'p.id', 'v.pin_id')
        .select((eb) => [
          'v.pin_id',
          eb.fn.countAll<number>().as('votes'),
          eb.fn.max('v.created_at').as('last_vote'),
        ])
        .where('v.conversation_id', '=', conversationId)
        .where('vm.left_seq', 'is', null)
        .where(visiblePinsTo(viewerId))
        .groupBy('v.pin_id')
        .orderBy(sql`count(*)`, 'desc')
        .orderBy(sql`max(v.created_at)`, 'desc')
        .orderBy('v.pin_id', 'desc')
        .limit(SHORTLIST_MAX)
        .execute() as Promise<RankRow[]>
    },

    /** Who voted for each of these pins (current members), in the order they voted. */
    voters(conn: Db, conversationId: number, pinIds: number[]) {
      if (pinIds.length === 0) return Promise.resolve([])
      return conn
        .selectFrom('pin_votes as v')
        .innerJoin('conversation_members as vm', (j) =>
          j
            .onRef('vm.conversation_id', '=', 'v.conversation_id')
            .onRef('vm.user_id', '=', 'v.user_id'),
        )
        .innerJoin('users as u', 'u.id', 'v.user_id')
        .select(['v.pin_id', 'u.username'])
        .where('v.conversation_id', '=', conversationId)
        .where('vm.left_seq', 'is', null)
        .where('v.pin_id', 'in', pinIds)
        .orderBy('v.created_at')
        .orderBy('v.user_id')
        .execute()
    },

    /** The current members of the conversation who may see the pin (a hint's recipients). */
    async membersSeeingPin(conn: Db, conversationId: number, pinId: number): Promise<number[]> {
      const members = await conn
        .selectFrom('conversation_members')
        .select('user_id')
        .where('conversation_id', '=', conversationId)
        .where('left_seq', 'is', null)
        .execute()
      const seeing: number[] = []
      for (const m of members) {
        const id = Number(m.user_id)
        const pin = await conn
          .selectFrom('pins as p')
          .select('p.id')
          .where('p.id', '=', pinId)
          .where(visiblePinsTo(id))
          .executeTakeFirst()
        if (pin) seeing.push(id)
      }
      return seeing
    },
  }
}

export type DecideRepository = ReturnType<typeof createDecideRepository>
