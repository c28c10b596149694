import { sql, type Transaction } from 'kysely'
import type { Db } from '../../db/database'
import { forUpdate } from '../../db/dialect'
import { preparedQueryOn } from '../../db/prepared'
import type { Database } from '../../db/schema'
import { notBlockedWith } from '../graph/blocks'
import { userSummaryColumns, type UserSummaryRow } from '../graph/user-summary'
import { visibleToMember } from './message-repository'

type Trx = Transaction<Database>

/** A conversation with the reader's own membership row. */
export interface MembershipRow {
  id: number
  is_group: number
  title: string | null
  last_seq: number
  last_message_at: string | null
  created_at: string
  joined_seq: number
  left_seq: number | null
  muted: number
  last_read_seq: number
}

export interface InboxRow extends MembershipRow {
  last_message_id: number | null
}

export interface ParticipantRow extends UserSummaryRow {
  conversation_id: number
  last_read_seq: number
}

/** Conversations (`c`) joined with members' rows (`cm`), selecting a `MembershipRow`. */
function membershipsOn(conn: Db) {
  return conn
    .selectFrom('conversation_members as cm')
    .innerJoin('conversations as c', 'c.id', 'cm.conversation_id')
    .select(['c.id', 'c.is_group', 'c.title', 'c.last_seq', 'c.last_message_at', 'c.created_at'])
    .select(['cm.joined_seq', 'cm.left_seq', 'cm.muted', 'cm.last_read_seq'])
}

/** Updates one member's row of one conversation. */
const memberRow = (conn: Db, conversationId: number, userId: number) =>
  conn
    .updateTable('conversation_members')
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)

/** Conversations and their members, plus the people lookups messaging needs. */
export function createConversationRepository(db: Db) {
  // What every send runs: compiled once (see db/prepared.ts).
  const membershipOn = preparedQueryOn(db, 2, (conversationId: number, userId: number) =>
    membershipsOn(db)
      .where('cm.conversation_id', '=', conversationId)
      .where('cm.user_id', '=', userId),
  )
  /** People connected to the viewer (either follows the other), blocks either way left out. */
  const connections = (viewerId: number) =>
    db
      .selectFrom('users as u')
      .select((eb) => [...userSummaryColumns(eb, viewerId), 'u.created_at as since'])
      .where('u.id', '!=', viewerId)
      .where(
        sql<boolean>`(exists (select 1 from follows f1 where f1.follower_id = ${viewerId} and f1.followee_id = u.id) or exists (select 1 from follows f2 where f2.follower_id = u.id and f2.followee_id = ${viewerId}))`,
      )
      .where(notBlockedWith(viewerId, 'u.id'))

  return {
    usersByUsername: (usernames: string[]) =>
      usernames.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('users')
            .select(['id', 'username', 'created_at'])
            .where('username', 'in', usernames)
            .execute(),

    /** Members with these addresses (as stored: compare lower-cased). */
    usersByEmail: (emails: string[]) =>
      db.selectFrom('users').select(['id', 'email']).where('email', 'in', emails).execute(),

    userById: (id: number, conn: Db = db) =>
      conn
        .selectFrom('users')
        .select(['id', 'username', 'created_at'])
        .where('id', '=', id)
        .executeTakeFirst(),

    /** The conversation and the user's membership row (left or not). */
    membership: (conn: Db, conversationId: number, userId: number) =>
      membershipOn(conn, conversationId, userId).then((r) => r[0] as MembershipRow | undefined),

    memberships: (userId: number) =>
      membershipsOn(db)
        .where('cm.user_id', '=', userId)
        .where('cm.left_seq', 'is', null)
        .execute() as Promise<MembershipRow[]>,

    conversationByPairKey: (conn: Db, pairKey: string) =>
      conn
        .selectFrom('conversations')
        .select(['id', 'last_seq'])
        .where('pair_key', '=', pairKey)
        .executeTakeFirst(),

    /** Locks the conversation row until the transaction ends (SQLite serialises writers). */
    async lockConversation(trx: Trx, conversationId: number) {
      return trx
        .selectFrom('conversations')
        .select(['id', 'is_group', 'last_seq'])
        .where('id', '=', conversationId)
        .$call(forUpdate(trx))
        .executeTakeFirst()
    },

    async insertConversation(
      trx: Trx,
      values: { is_group: number; title: string | null; pair_key: string | null; by: number },
      now: string,
    ): Promise<number> {
      const row = await trx
        .insertInto('conversations')
        .values({
          is_group: values.is_group,
          title: values.title,
          pair_key: values.pair_key,
          last_seq: 0,
          last_message_at: now,
          created_by: values.by,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return Number(row.id)
    },

    /** Adds members seeing messages after `seq`; a member who had left joins again. */
    async join(trx: Trx, conversationId: number, userIds: number[], seq: number, now: string) {
      if (userIds.length === 0) return
      await trx
        .insertInto('conversation_members')
        .values(
          userIds.map((user_id) => ({
            conversation_id: conversationId,
            user_id,
            joined_seq: seq,
            left_seq: null,
            muted: 0,
            last_read_seq: seq,
            joined_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['conversation_id', 'user_id']).doUpdateSet({
            joined_seq: seq,
            left_seq: null,
            last_read_seq: seq,
            joined_at: now,
          }),
        )
        .execute()
    },

    /** The ids of the conversation's current members. */
    activeMemberIds: (conn: Db, conversationId: number) =>
      conn
        .selectFrom('conversation_members')
        .select('user_id')
        .where('conversation_id', '=', conversationId)
        .where('left_seq', 'is', null)
        .execute()
        .then((rows) => rows.map((r) => Number(r.user_id))),

    /**
     * The reader's current conversations, newest activity first, each with its last visible
     * message; `only` narrows to one conversation.
     */
    inbox(
      viewerId: number,
      opts: { after?: { at: string; id: number } | null; limit?: number; only?: number },
    ) {
      const { after, only } = opts
      return membershipsOn(db)
        .select(
          sql<
            number | null
          >`(select msg.id from messages msg where msg.conversation_id = c.id and ${visibleToMember} order by msg.seq desc limit 1)`.as(
            'last_message_id',
          ),
        )
        .where('cm.user_id', '=', viewerId)
        .where('cm.left_seq', 'is', null)
        .$if(only !== undefined, (q) => q.where('c.id', '=', only!))
        .$if(!!after, (q) =>
          q.where((eb) =>
            eb.or([
              eb('c.last_message_at', '<', after!.at),
              eb.and([eb('c.last_message_at', '=', after!.at), eb('c.id', '<', after!.id)]),
            ]),
          ),
        )
        .orderBy('c.last_message_at', 'desc')
        .orderBy('c.id', 'desc')
        .limit(opts.limit ?? 1)
        .execute() as Promise<InboxRow[]>
    },

    /** Current members of each conversation: whether the reader follows them, their read marker. */
    participants(conversationIds: number[], viewerId: number) {
      if (conversationIds.length === 0) return Promise.resolve([] as ParticipantRow[])
      return db
        .selectFrom('conversation_members as cm')
        .innerJoin('users as u', 'u.id', 'cm.user_id')
        .select((eb) => [
          'cm.conversation_id',
          ...userSummaryColumns(eb, viewerId),
          'cm.joined_at as since',
          'cm.last_read_seq',
        ])
        .where('cm.conversation_id', 'in', conversationIds)
        .where('cm.left_seq', 'is', null)
        .orderBy('cm.joined_at')
        .orderBy('u.id')
        .execute() as Promise<ParticipantRow[]>
    },

    /** Moves the read marker forward only; answers whether it moved. */
    async markRead(conn: Db, conversationId: number, userId: number, seq: number) {
      const res = await memberRow(conn, conversationId, userId)
        .set({ last_read_seq: seq })
        .where('left_seq', 'is', null)
        .where('last_read_seq', '<', seq)
        .executeTakeFirst()
      return Number(res.numUpdatedRows) > 0
    },

    setTitle: (conn: Db, conversationId: number, title: string | null) =>
      conn.updateTable('conversations').set({ title }).where('id', '=', conversationId).execute(),

    setMuted: (conn: Db, conversationId: number, userId: number, muted: boolean) =>
      memberRow(conn, conversationId, userId)
        .set({ muted: muted ? 1 : 0 })
        .execute(),

    leave: (trx: Trx, conversationId: number, userId: number, seq: number) =>
      memberRow(trx, conversationId, userId)
        .set({ left_seq: seq })
        .where('left_seq', 'is', null)
        .execute(),

    /**
     * People connected to the viewer (either follows the other) whose username or business
     * name starts with `prefix`, blocks either way left out.
     */
    connectionsByPrefix(viewerId: number, prefix: string, limit: number) {
      const like = prefix.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase() + '%'
      return connections(viewerId)
        .where(
          sql<boolean>`(lower(u.username) like ${like} escape '\\' or lower(coalesce(u.business_name, '')) like ${like} escape '\\')`,
        )
        .orderBy('u.username')
        .limit(limit)
        .execute()
    },

    /** The same people rule, for these ids (people search's candidates). */
    connectionsAmong: (viewerId: number, ids: number[]) =>
      connections(viewerId).where('u.id', 'in', ids).execute(),
  }
}

export type ConversationRepository = ReturnType<typeof createConversationRepository>
