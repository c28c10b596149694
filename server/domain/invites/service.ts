import type { AttachmentRef } from '../../../protocol/messages'
import { nowIso, type Db, type Tx } from '../../db/database'
import { forUpdate } from '../../db/dialect'
import { AppError, BadRequestError, ForbiddenError, GoneError, NotFoundError } from '../../errors'
import { hashSecret, newSecret } from '../accounts/tokens'
import type { Sender } from '../messaging/access'
import type { Content } from '../messaging/content'
import type { AnalyticsSink } from '../analytics/recorder'
import type { Unit, Units } from '../unit'

const DAY = 86_400_000
export const INVITE_TTL_MS = 7 * DAY

/** What the invite email says (the mail half is the caller's: a job, never inline). */
export interface InviteMail {
  email: string
  inviterId: number
  attachment: { type: string; id: number }
  note: string | null
  link: string
}

export interface InviteDeps {
  db: Db
  units: Pick<Units, 'run'>
  /**
   * Opens the 1:1 of inviter and new member with what was shared, inside the accepting unit;
   * its id, or null when the inviter may not message them (messaging's delivery).
   */
  deliver(
    unit: Unit,
    inviterId: number,
    memberId: number,
    content: Content,
    clientId: string,
  ): Promise<number | null>
  /** follows both ways inside the caller's transaction (skipped across a block) */
  followEachOther(tx: Tx, a: number, b: number): Promise<void>
  publicUrl: string
  /**
   * Writes the invite email, before the transaction (reading what it previews), and returns
   * what queues it inside the transaction.
   */
  prepareInviteMail(mail: InviteMail): Promise<(tx: Tx) => Promise<void>>
  /** counts invites sent and accepted with a pin (once committed) */
  analytics: Pick<AnalyticsSink, 'pin'>
}

/**
 * The invite a link's token names (undefined: none; a token of the wrong shape names none),
 * read with `q`; with `lock`, locked until `q`'s transaction ends.
 */
export async function inviteByToken(q: Db | Tx['trx'], token: string, lock = false) {
  if (typeof token !== 'string' || token.length < 10 || token.length > 200) return undefined
  return q
    .selectFrom('invites')
    .selectAll()
    .where('token_hash', '=', hashSecret(token))
    .$if(lock, (s) => s.$call(forUpdate(q)))
    .executeTakeFirst()
}

/** Whether an invite may still be accepted: used, expired or valid. */
export const inviteStatus = (row: { accepted_at: string | null; expires_at: string }) =>
  row.accepted_at !== null
    ? ('used' as const)
    : Date.parse(row.expires_at) <= Date.now()
      ? ('expired' as const)
      : ('valid' as const)

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** An address as invites compare them: trimmed, lower-cased; 400 when it is not one. */
export function normalEmail(email: string): string {
  const e = email.trim().toLowerCase()
  if (e.length > 254 || !EMAIL.test(e)) {
    throw new BadRequestError(`${email} is not an email address.`, 'invalid_email')
  }
  return e
}

/**
 * An invite's life, for people who are not on Corkboard (a share to their address makes one,
 * see messaging/sharing.ts): a token of 256 random bits, stored only as its hash, single use,
 * 7 days, bound to the address; the landing page's preview; and accepting it — the inviter
 * and the new member follow each other and the conversation with what was shared opens.
 */
export function createInvitesService(deps: InviteDeps) {
  const { db, units } = deps

  const linkFor = (token: string) =>
    `${deps.publicUrl.replace(/\/$/, '')}/invite/${encodeURIComponent(token)}`

  /**
   * Invites `email` to what `content` shares (the caller counted the limits); false when this
   * share invited it already (a retry: nothing is sent twice).
   */
  async function create(sender: Sender, email: string, content: Content, clientId: string) {
    const attachment = content.attachment!
    const earlier = await db
      .selectFrom('invites')
      .select('id')
      .where('inviter_id', '=', sender.id)
      .where('client_message_id', '=', clientId)
      .where('email', '=', email)
      .executeTakeFirst()
    if (earlier) return false
    const { secret, hash } = newSecret('inv_')
    const queueMail = await deps.prepareInviteMail({
      email,
      inviterId: sender.id,
      attachment,
      note: content.text,
      link: linkFor(secret),
    })
    return units.run(async (unit) => {
      const now = Date.now()
      const row = await unit.trx
        .insertInto('invites')
        .values({
          token_hash: hash,
          email,
          inviter_id: sender.id,
          attachment_type: attachment.type,
          attachment_id: attachment.id,
          note: content.text,
          client_message_id: clientId,
          created_at: new Date(now).toISOString(),
          expires_at: new Date(now + INVITE_TTL_MS).toISOString(),
          opened_at: null,
          accepted_at: null,
          accepted_by: null,
          conversation_id: null,
        })
        .onConflict((oc) => oc.columns(['inviter_id', 'client_message_id', 'email']).doNothing())
        .returning('id')
        .executeTakeFirst()
      // the same share retried at the same moment: invited already, nothing more to send
      if (!row) return false
      await queueMail(unit)
      if (attachment.type === 'pin' && attachment.ownerId !== undefined) {
        const ownerId = attachment.ownerId
        unit.afterCommit(() =>
          deps.analytics.pin({
            pinId: attachment.id,
            ownerId,
            actorId: sender.id,
            metric: 'invites_sent',
            inviterId: sender.id,
          }),
        )
      }
      return true
    })
  }

  const byToken = (token: string, q: Db | Tx['trx'] = db) => inviteByToken(q, token)

  const service = {
    create,

    /** The landing page's preview; never consumes the token (mail scanners open links). */
    async preview(token: string) {
      const row = await byToken(token)
      if (!row) throw new NotFoundError('Invite')
      if (row.opened_at === null) {
        await db
          .updateTable('invites')
          .set({ opened_at: nowIso() })
          .where('id', '=', row.id)
          .execute()
      }
      const inviter = await db
        .selectFrom('users')
        .select(['username', 'business_name', 'profile_image_key'])
        .where('id', '=', row.inviter_id)
        .executeTakeFirst()
      const attachment: AttachmentRef = {
        type: row.attachment_type as AttachmentRef['type'],
        id: String(row.attachment_id),
      }
      // a profile is shown by username (profiles are public, looked up by name)
      const profile =
        attachment.type === 'user'
          ? await db
              .selectFrom('users')
              .select('username')
              .where('id', '=', row.attachment_id)
              .executeTakeFirst()
          : undefined
      return {
        status: inviteStatus(row),
        email: row.email,
        inviter: inviter
          ? { username: inviter.username, business_name: inviter.business_name }
          : null,
        note: row.note,
        attachment,
        shared_username: profile?.username ?? null,
        expires_at: row.expires_at,
      }
    },

    /**
     * Accepts an invite as `user` (whose email must be the invited one): both follow each
     * other and the conversation opens with what was shared. 410 once used or expired. With
     * `within` (a sign-up's unit), inside that unit.
     */
    async accept(userId: number, token: string, within?: Unit) {
      const q = within?.trx ?? db
      const found = await byToken(token, q)
      if (!found) throw new NotFoundError('Invite')
      const user = await q
        .selectFrom('users')
        .select(['id', 'email'])
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
      if (found.email !== user.email.toLowerCase()) {
        throw new ForbiddenError(
          'This invite was sent to another email address.',
          'invite_wrong_account',
        )
      }
      return units.run(async (unit) => {
        const row = await unit.trx
          .selectFrom('invites')
          .selectAll()
          .where('id', '=', found.id)
          .$call(forUpdate(unit.trx))
          .executeTakeFirstOrThrow()
        const status = inviteStatus(row)
        if (status === 'used') throw new GoneError('This invite has been used.', 'invite_used')
        if (status === 'expired') throw new GoneError('This invite has expired.', 'invite_expired')
        const inviterId = Number(row.inviter_id)
        await deps.followEachOther(unit, inviterId, userId)
        const pin =
          row.attachment_type === 'pin'
            ? await unit.trx
                .selectFrom('pins')
                .select(['id', 'owner_id'])
                .where('id', '=', Number(row.attachment_id))
                .executeTakeFirst()
            : undefined
        const conversationId = await deps.deliver(
          unit,
          inviterId,
          user.id,
          {
            text: row.note,
            attachment: {
              type: row.attachment_type as AttachmentRef['type'],
              id: Number(row.attachment_id),
              ...(pin ? { ownerId: Number(pin.owner_id) } : {}),
            },
          },
          `invite:${row.id}`,
        )
        await unit.trx
          .updateTable('invites')
          .set({ accepted_at: nowIso(), accepted_by: userId, conversation_id: conversationId })
          .where('id', '=', row.id)
          .execute()
        if (pin) {
          // a new member is credited to the one who invited them; like the invite itself, it
          // counts only when someone other than the pin's owner invited (the viral factor)
          const event = { pinId: Number(pin.id), ownerId: Number(pin.owner_id) }
          unit.afterCommit(() =>
            deps.analytics.pin({
              ...event,
              actorId: inviterId,
              metric: 'invites_accepted',
              creditUserId: inviterId,
            }),
          )
        }
        return { conversation_id: conversationId === null ? null : String(conversationId) }
      }, within)
    },

    /**
     * Accepts the invite a new member signed up from; a refusal (used, expired, another
     * address) is answered beside the new account instead of undoing it.
     */
    async acceptOnSignup(userId: number, token: string, within?: Unit) {
      try {
        return { accepted: true as const, ...(await service.accept(userId, token, within)) }
      } catch (err) {
        if (err instanceof AppError && err.status < 500) {
          return { accepted: false as const, reason: err.reason ?? 'invite_invalid' }
        }
        throw err
      }
    },
  }
  return service
}

export type InvitesService = ReturnType<typeof createInvitesService>
