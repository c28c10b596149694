import type { Transaction } from 'kysely'
import type { Db } from '../../db/database'
import type { Database } from '../../db/schema'
import type { ReportTable, ReportTargetType } from '../../db/schema-moderation'
import { getVisibleBoard } from '../boards/access'
import { hasBlocked } from '../graph/blocks'
import { userSummaryColumns, type UserSummaryRow } from '../graph/user-summary'
import { visibleMessage } from '../messaging/message-repository'
import { selectPinViews, visiblePinsTo } from '../pins/repository'
import { NotFoundError } from '../../errors'

/** A report row as stored (ids as numbers whatever the driver answers). */
export type ReportRow = Omit<ReportTable, 'id' | 'status'> & {
  id: number
  status: 'open' | 'closed'
}

export const REPORT_COLUMNS = [
  'r.id',
  'r.target_type',
  'r.target_id',
  'r.target_user_id',
  'r.reporter_id',
  'r.reason',
  'r.note',
  'r.status',
  'r.outcome',
  'r.resolved_by',
  'r.resolved_at',
  'r.created_at',
] as const

/** Reports with every column the wire needs, read with `q` (the root database or a unit's). */
export const selectReports = (q: Db | Transaction<Database>) =>
  q.selectFrom('reports as r').select(REPORT_COLUMNS)

/** Numbers from either driver (PostgreSQL's bigint comes back as a string). */
export const normalizeReport = (r: Record<string, unknown>): ReportRow =>
  ({
    ...r,
    id: Number(r.id),
    target_id: Number(r.target_id),
    target_user_id: r.target_user_id === null ? null : Number(r.target_user_id),
    reporter_id: Number(r.reporter_id),
    resolved_by: r.resolved_by === null ? null : Number(r.resolved_by),
  }) as ReportRow

const NOT_FOUND: Record<ReportTargetType, string> = {
  pin: 'Pin',
  board: 'Board',
  user: 'User',
  message: 'Message',
}

/**
 * Reads of moderation: whether a reporter may see what they report (and whose it is), the
 * queue's reports, people as the queue shows them.
 */
export function createModerationRepository(db: Db) {
  return {
    /**
     * The owner of an item `viewerId` may see (the pin's, board's or message's author; the
     * person reported): 404, as if it did not exist, when they may not see it.
     */
    async visibleTargetOwner(
      viewerId: number,
      type: ReportTargetType,
      id: number,
    ): Promise<number> {
      switch (type) {
        case 'pin': {
          const pin = await selectPinViews(db, viewerId)
            .where('p.id', '=', id)
            .where(visiblePinsTo(viewerId))
            .executeTakeFirst()
          if (!pin) break
          return Number(pin.owner_id)
        }
        case 'board':
          return Number((await getVisibleBoard(db, viewerId, id)).owner_id)
        case 'user': {
          const user = await db
            .selectFrom('users')
            .select('id')
            .where('id', '=', id)
            .where('suspended_at', 'is', null)
            .where('deleted_at', 'is', null)
            .executeTakeFirst()
          if (!user || (await hasBlocked(db, Number(user.id), viewerId))) break
          return Number(user.id)
        }
        case 'message': {
          const message = await visibleMessage(db, viewerId, id)
          if (!message) break
          return Number(message.sender_id)
        }
      }
      throw new NotFoundError(NOT_FOUND[type])
    },

    /** People as a list row shows them (no `is_following`: the queue is not anyone's view). */
    async summaries(ids: number[]): Promise<Map<number, UserSummaryRow & ModeratedColumns>> {
      if (ids.length === 0) return new Map()
      const rows = await db
        .selectFrom('users as u')
        .select((eb) => [
          ...userSummaryColumns(eb, null),
          'u.created_at as since',
          'u.about',
          'u.suspended_at',
          'u.suspension_reason',
          'u.role',
          'u.deleted_at',
        ])
        .where('u.id', 'in', [...new Set(ids)])
        .execute()
      return new Map(
        rows.map((r) => [
          Number(r.id),
          { ...r, id: Number(r.id) } as UserSummaryRow & ModeratedColumns,
        ]),
      )
    },

    /** How many open reports each target has, by `type:id`. */
    async openCounts(targets: { type: ReportTargetType; id: number }[]) {
      const counts = new Map<string, number>()
      if (targets.length === 0) return counts
      const rows = await db
        .selectFrom('reports')
        .select(['target_type', 'target_id', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('status', '=', 'open')
        .where((eb) =>
          eb.or(
            targets.map((t) =>
              eb.and([eb('target_type', '=', t.type), eb('target_id', '=', t.id)]),
            ),
          ),
        )
        .groupBy(['target_type', 'target_id'])
        .execute()
      for (const r of rows) counts.set(`${r.target_type}:${Number(r.target_id)}`, Number(r.n))
      return counts
    },

    /** The conversation of a message, and whether it is a group. */
    async messagePlace(messageId: number) {
      const row = await db
        .selectFrom('messages as msg')
        .innerJoin('conversations as c', 'c.id', 'msg.conversation_id')
        .select(['msg.id', 'msg.conversation_id', 'msg.seq', 'c.is_group'])
        .where('msg.id', '=', messageId)
        .executeTakeFirst()
      return row
        ? {
            conversationId: Number(row.conversation_id),
            seq: Number(row.seq),
            isGroup: Number(row.is_group) === 1 || (row.is_group as unknown) === true,
          }
        : null
    },

    /** Pins of a board as `viewerId` sees them, newest first. */
    boardPinRows(viewerId: number, boardId: number, limit: number) {
      return selectPinViews(db, viewerId)
        .where('p.board_id', '=', boardId)
        .where(visiblePinsTo(viewerId))
        .orderBy('p.id', 'desc')
        .limit(limit)
        .execute()
    },

    pinRows(viewerId: number, pinId: number) {
      return selectPinViews(db, viewerId)
        .where('p.id', '=', pinId)
        .where(visiblePinsTo(viewerId))
        .execute()
    },

    /** A user by username, tombstones aside. */
    findUser(username: string) {
      return db
        .selectFrom('users')
        .select(['id', 'username', 'role', 'suspended_at', 'suspension_reason'])
        .where('username', '=', username)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
    },
  }
}

export interface ModeratedColumns {
  about: string
  suspended_at: string | null
  suspension_reason: string | null
  role: 'admin' | 'moderator' | null
  deleted_at: string | null
}

export type ModerationRepository = ReturnType<typeof createModerationRepository>
