import { sql } from 'kysely'
import type { Logger } from 'pino'
import { nowIso } from '../../db/database'
import { forUpdate } from '../../db/dialect'
import { ForbiddenError, UnauthorizedError } from '../../errors'
import type { BoardsService } from '../boards/service'
import type { MediaService } from '../media/service'
import type { Conversations } from '../messaging/conversations'
import type { PinsService } from '../pins/service'
import type { Unit, Units } from '../unit'
import type { DataExports } from './data-export'
import { verifyPassword } from './passwords'

/** How long a deleted account's username stays out of reach of sign-ups. */
export const RESERVED_USERNAME_MS = 30 * 24 * 60 * 60_000

/** The username and address a deleted account's tombstone carries. */
export const tombstoneUsername = (id: number) => `deleted-${id}`
export const tombstoneEmail = (id: number) => `deleted-${id}@deleted.invalid`
/** Usernames are [a-z0-9_] only: this form is never someone's. */
export const isTombstoneUsername = (username: string) => /^deleted-\d+$/.test(username)

/** The account's own rows, by the column that names it (likes after their counts are taken back). */
const OWN_BY_USER_ID = [
  'pin_likes',
  'board_follows',
  'feed_items',
  'user_trigrams',
  'sessions',
  'access_tokens',
  'password_resets',
  'email_changes',
  'notices',
  'promotion_run_items',
  'analytics_pin_inviters',
  'stream_baselines',
] as const
/** The analytics of the account's pins. */
const OWN_BY_OWNER_ID = [
  'analytics_pin_days',
  'analytics_owner_days',
  'analytics_pin_conversations',
  'analytics_pin_inviters',
] as const
const OWN_BY_BRAND_ID = ['promotions', 'promotion_runs'] as const

/**
 * Deleting an account, in one unit: its pins and boards go the way their owner deleting them
 * would (feeds, search index and counts kept right), then its likes, follows both ways, board
 * follows, blocks, sessions and tokens (open sockets closed on every instance), invites,
 * notices, exports (files too), reports it made, brand and analytics rows, and the pictures of
 * its uploads no pin uses any more. Its conversation memberships end as if it had left. What
 * remains is a tombstone users row (deleted_at, `deleted-<id>`, no password, no profile), so
 * that other members' old messages keep a sender ("Deleted account"), and the old username,
 * reserved for 30 days.
 */
export function createAccountDeletion(deps: {
  units: Units
  pins: Pick<PinsService, 'takeDown'>
  boards: Pick<BoardsService, 'takeDown'>
  conversations: Pick<Conversations, 'leave'>
  media: Pick<MediaService, 'removeFiles'>
  exports: Pick<DataExports, 'removeAll'>
  /** ends every credential of the account, cached ones and sockets, on every instance */
  revokeAll: (userId: number, within?: Unit) => Promise<void>
  log: Logger
}) {
  const { units, log } = deps
  const { db } = units

  async function deleteContent(unit: Unit, userId: number) {
    const { trx } = unit
    // boards with their pins, then any pin left, each the way its owner deleting it would go
    const boards = await trx
      .selectFrom('boards')
      .select('id')
      .where('owner_id', '=', userId)
      .execute()
    for (const { id } of boards) await deps.boards.takeDown(Number(id), userId, unit)
    const strays = await trx
      .selectFrom('pins')
      .select('id')
      .where('owner_id', '=', userId)
      .execute()
    for (const { id } of strays) await deps.pins.takeDown(Number(id), userId, unit)

    // likes: the liked pins' counts go down with them
    await sql`update pins set like_count = like_count - 1
      where id in (select pin_id from pin_likes where user_id = ${userId}) and like_count > 0`.execute(
      trx,
    )
  }

  async function deleteAccountRows(unit: Unit, userId: number) {
    const { trx } = unit
    for (const table of OWN_BY_USER_ID) {
      await trx.deleteFrom(table).where('user_id', '=', userId).execute()
    }
    for (const table of OWN_BY_OWNER_ID) {
      await trx.deleteFrom(table).where('owner_id', '=', userId).execute()
    }
    for (const table of OWN_BY_BRAND_ID) {
      await trx.deleteFrom(table).where('brand_id', '=', userId).execute()
    }
    // what ties it to another account, whichever side it is on
    await trx
      .deleteFrom('follows')
      .where((eb) => eb.or([eb('follower_id', '=', userId), eb('followee_id', '=', userId)]))
      .execute()
    await trx
      .deleteFrom('blocks')
      .where((eb) => eb.or([eb('blocker_id', '=', userId), eb('blocked_id', '=', userId)]))
      .execute()
    for (const table of ['promotion_thanks', 'brand_influence'] as const) {
      await trx
        .deleteFrom(table)
        .where((eb) => eb.or([eb('user_id', '=', userId), eb('brand_id', '=', userId)]))
        .execute()
    }
    await trx.deleteFrom('invites').where('inviter_id', '=', userId).execute()
    await trx.deleteFrom('reports').where('reporter_id', '=', userId).execute()
    await deps.exports.removeAll(unit, userId)
    // what the account did, counted for others: kept, no longer naming it
    for (const table of ['pin_clicks', 'message_actions'] as const) {
      await trx.updateTable(table).set({ user_id: null }).where('user_id', '=', userId).execute()
    }
    await trx
      .updateTable('conversations')
      .set({ created_by: null })
      .where('created_by', '=', userId)
      .execute()
    await trx
      .updateTable('invites')
      .set({ accepted_by: null })
      .where('accepted_by', '=', userId)
      .execute()
  }

  /** Memberships end as if the person had left (messaging's leave: the other members are told). */
  async function leaveConversations(unit: Unit, userId: number) {
    const active = await unit.trx
      .selectFrom('conversation_members')
      .select('conversation_id')
      .where('user_id', '=', userId)
      .where('left_seq', 'is', null)
      .orderBy('conversation_id')
      .execute()
    for (const { conversation_id } of active) {
      await deps.conversations.leave(userId, String(conversation_id), unit)
    }
  }

  /** The pictures the account uploaded that nothing uses any more: rows now, files after commit. */
  async function deleteUnusedMedia(unit: Unit, userId: number) {
    const { trx } = unit
    const unused = await trx
      .selectFrom('media')
      .select('key')
      .where('owner_id', '=', userId)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('pins').select('pins.id').whereRef('pins.media_key', '=', 'media.key'),
          ),
        ),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('users')
              .select('users.id')
              .whereRef('users.profile_image_key', '=', 'media.key')
              .where('users.id', '<>', userId),
          ),
        ),
      )
      .execute()
    const keys = unused.map((m) => m.key)
    for (let i = 0; i < keys.length; i += 500) {
      await trx
        .deleteFrom('media')
        .where('key', 'in', keys.slice(i, i + 500))
        .execute()
    }
    unit.afterCommit(async () => {
      for (const key of keys) {
        await deps.media
          .removeFiles(key)
          .catch((err: unknown) => log.warn({ err, key }, 'media of a deleted account not removed'))
      }
    })
  }

  return {
    /**
     * Deletes the account of `userId` once its password is confirmed (403 `invalid_credentials`
     * when wrong, as changing the password answers).
     */
    async deleteAccount(userId: number, password: string): Promise<void> {
      const user = await db
        .selectFrom('users')
        .select(['id', 'username', 'password_hash', 'deleted_at'])
        .where('id', '=', userId)
        .executeTakeFirst()
      if (!user || user.deleted_at) throw new UnauthorizedError()
      if (!(await verifyPassword(user.password_hash, password))) {
        throw new ForbiddenError('The password is wrong.', 'invalid_credentials')
      }
      await units.run(async (unit) => {
        const { trx } = unit
        // the account's row held: nothing of it is written while it goes
        const locked = await trx
          .selectFrom('users')
          .select(['username', 'deleted_at'])
          .where('id', '=', userId)
          .$call(forUpdate(trx))
          .executeTakeFirst()
        if (!locked || locked.deleted_at) throw new UnauthorizedError()
        await deleteContent(unit, userId)
        await deleteAccountRows(unit, userId)
        await leaveConversations(unit, userId)
        const now = nowIso()
        await trx
          .updateTable('users')
          .set({
            username: tombstoneUsername(userId),
            email: tombstoneEmail(userId),
            password_hash: '',
            account_type: 'PINNER',
            business_name: null,
            about: '',
            website_url: null,
            profile_image_key: null,
            message_policy: 'nobody',
            created_at: now,
            last_seen_at: null,
            unread_digest_email: 0,
            onboarded_at: null,
            role: null,
            suspended_at: null,
            suspension_reason: null,
            deleted_at: now,
          })
          .where('id', '=', userId)
          .execute()
        await deleteUnusedMedia(unit, userId)
        const until = new Date(Date.now() + RESERVED_USERNAME_MS).toISOString()
        await trx
          .insertInto('reserved_usernames')
          .values({ username: locked.username.toLowerCase(), until })
          .onConflict((oc) => oc.column('username').doUpdateSet({ until }))
          .execute()
        unit.changed('pins', null)
        unit.changed('readers', null)
        unit.changed('feeds', null)
        await deps.revokeAll(userId, unit)
      })
    },
  }
}

export type AccountDeletion = ReturnType<typeof createAccountDeletion>
