import type { Notice, NoticePage, ReportOutcome } from '../../../protocol/schemas/moderation'
import { nowIso } from '../../db/database'
import type { NoticeTable } from '../../db/schema-moderation'
import { DEFAULT_PAGE_SIZE, decodeBookmark, pageOf, parseId } from '../pagination'
import type { Unit, Units } from '../unit'

/** What a notice says, by kind (the wire's Notice without its id and times). */
export type NoticeBody =
  | { kind: 'warning'; note: string | null }
  | {
      kind: 'report_outcome'
      report: {
        id: string
        target: { type: 'pin' | 'board' | 'user' | 'message'; id: string }
        reason: string
        outcome: ReportOutcome
      }
    }
  | { kind: 'export_ready'; export_id: string; expires_at: string }

type NoticeRow = Pick<NoticeTable, 'kind' | 'body' | 'created_at' | 'read_at'> & {
  id: number
}

/** A stored notice as the wire shows it; null when its body cannot be read (never written so). */
export function toNotice(row: NoticeRow): Notice | null {
  let body: unknown
  try {
    body = JSON.parse(row.body)
  } catch {
    return null
  }
  if (typeof body !== 'object' || body === null) return null
  return {
    ...(body as object),
    kind: row.kind,
    id: String(row.id),
    created_at: row.created_at,
    read_at: row.read_at,
  } as Notice
}

const COLUMNS = ['id', 'kind', 'body', 'created_at', 'read_at'] as const

/**
 * What the app tells a person: a warning from a moderator, the outcome of their report, an
 * export ready to download. Stored per person; each new one goes live to that person's sockets
 * (`notice.created`) once committed.
 */
export function createNotices(deps: { units: Units }) {
  const { units } = deps
  const { db } = units

  return {
    /** Tells `userId` something, inside `within` when given; published once committed. */
    async create(userId: number, notice: NoticeBody, within?: Unit): Promise<void> {
      await units.run(async (unit) => {
        const { kind, ...rest } = notice
        const row = await unit.trx
          .insertInto('notices')
          .values({
            user_id: userId,
            kind,
            body: JSON.stringify(rest),
            created_at: nowIso(),
            read_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        unit.publish({ type: 'notice.created', user_id: userId, notice_id: Number(row.id) })
      }, within)
    },

    /** The person's notices, newest first, and how many are unread over all pages. */
    async list(
      userId: number,
      page: { bookmark?: string; page_size?: number },
    ): Promise<NoticePage> {
      const after = decodeBookmark(page.bookmark, { id: 'id' })
      const size = page.page_size ?? DEFAULT_PAGE_SIZE
      const rows = await db
        .selectFrom('notices')
        .select(COLUMNS)
        .where('user_id', '=', userId)
        .$if(after !== null, (q) => q.where('id', '<', after!.id))
        .orderBy('id', 'desc')
        .limit(size + 1)
        .execute()
      const unread = await db
        .selectFrom('notices')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow()
      const result = pageOf(
        rows,
        size,
        (r) => r,
        (r) => ({ id: Number(r.id) }),
      )
      return {
        items: result.items.map(toNotice).filter((n): n is Notice => n !== null),
        bookmark: result.bookmark,
        unread: Number(unread.n),
      }
    },

    /** Marks every notice of the person up to `upToId` (a wire id) read. */
    async markRead(userId: number, upToId: string): Promise<void> {
      const upTo = parseId(upToId)
      if (upTo === null) return
      await units.run(async ({ trx }) => {
        await trx
          .updateTable('notices')
          .set({ read_at: nowIso() })
          .where('user_id', '=', userId)
          .where('id', '<=', upTo)
          .where('read_at', 'is', null)
          .execute()
      })
    },

    /** One notice for the stream: only to its own person, else null. */
    async forStream(userId: number, noticeId: number): Promise<Notice | null> {
      const row = await db
        .selectFrom('notices')
        .select(COLUMNS)
        .where('id', '=', noticeId)
        .where('user_id', '=', userId)
        .executeTakeFirst()
      return row ? toNotice(row) : null
    },
  }
}

export type Notices = ReturnType<typeof createNotices>
