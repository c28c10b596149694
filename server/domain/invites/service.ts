import { createHash } from 'node:crypto'
import type { AttachmentRef, ShareResult } from '../../../protocol/messages'
import { inTransaction, nowIso, type Db, type Tx } from '../../db/database'
import { AppError, BadRequestError, ForbiddenError, GoneError, NotFoundError } from '../../errors'
import { hashSecret, newSecret } from '../accounts/tokens'
import type { Content } from '../messaging/content'
import { enforce, type RateLimit, type RateLimiter } from '../messaging/rate-limiter'
import type { MessagingService, Sender, ShareInput } from '../messaging/service'

const DAY = 86_400_000
export const INVITE_TTL_MS = 7 * DAY

export interface InviteLimits {
  /** invites one member may send per day */
  perMember: RateLimit
  /** invites one address may receive per day, from everyone */
  perAddress: RateLimit
}

export const DEFAULT_INVITE_LIMITS: InviteLimits = {
  perMember: { limit: 20, windowMs: DAY },
  perAddress: { limit: 5, windowMs: DAY },
}

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
  messaging: MessagingService
  /** follows both ways inside the caller's transaction (skipped across a block) */
  followEachOther(tx: Tx, a: number, b: number): Promise<void>
  limiter: RateLimiter
  limits?: Partial<InviteLimits>
  publicUrl: string
  /**
   * Writes the invite email, before the transaction (reading what it previews), and returns
   * what queues it inside the transaction.
   */
  prepareInviteMail(mail: InviteMail): Promise<(tx: Tx) => Promise<void>>
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * The client id of what a share sends to one address: derived from the share's, so a retry
 * sends nothing twice, and short (a message's client id is at most 64 characters).
 */
const shareClientId = (shareId: string, email: string) =>
  `e:${createHash('sha256').update(`${shareId}\n${email}`).digest('base64url').slice(0, 40)}`

/** An address as invites compare them: trimmed, lower-cased; 400 when it is not one. */
export function normalEmail(email: string): string {
  const e = email.trim().toLowerCase()
  if (e.length > 254 || !EMAIL.test(e)) {
    throw new BadRequestError(`${email} is not an email address.`, 'invalid_email')
  }
  return e
}

/**
 * Sending to people who are not on Corkboard: an invite per address (a token of 256 random
 * bits, stored only as its hash, single use, 7 days, bound to the address), the landing
 * page's preview, and accepting it — the inviter and the new member follow each other and
 * the conversation with what was shared opens.
 */
export function createInvitesService(deps: InviteDeps) {
  const { db, messaging } = deps
  const limits: InviteLimits = { ...DEFAULT_INVITE_LIMITS, ...deps.limits }

  const linkFor = (token: string) =>
    `${deps.publicUrl.replace(/\/$/, '')}/invite/${encodeURIComponent(token)}`

  /**
   * Invites `email` to what `content` shares (the limits were counted by `share`); false when
   * this share invited it already (a retry: nothing is sent twice).
   */
  async function invite(sender: Sender, email: string, content: Content, clientId: string) {
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
    return inTransaction(db, async (tx) => {
      const now = Date.now()
      const row = await tx.trx
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
      await queueMail(tx)
      return true
    })
  }

  async function byToken(token: string) {
    if (typeof token !== 'string' || token.length < 10 || token.length > 200) return undefined
    return db
      .selectFrom('invites')
      .selectAll()
      .where('token_hash', '=', hashSecret(token))
      .executeTakeFirst()
  }

  const statusOf = (row: { accepted_at: string | null; expires_at: string }) =>
    row.accepted_at !== null
      ? ('used' as const)
      : Date.parse(row.expires_at) <= Date.now()
        ? ('expired' as const)
        : ('valid' as const)

  const service = {
    /**
     * `POST /v5/share` with email recipients: an address of a member goes to that member as a
     * username would (under the same rules, silently: the answer is the same whether or not
     * the address has an account); any other address gets an invite. Username recipients are
     * shared with as before.
     */
    async share(
      sender: Sender,
      input: ShareInput,
    ): Promise<{ result: ShareResult; created: boolean }> {
      const emails = [
        ...new Set(input.recipients.flatMap((r) => ('email' in r ? [normalEmail(r.email)] : []))),
      ]
      const usernames = input.recipients.filter((r) => 'username' in r)
      if (emails.length === 0) return messaging.share(sender, input)
      if (emails.length + usernames.length > 9) {
        throw new BadRequestError('Send to at most 9 people at once.', 'too_many_recipients')
      }
      const content = await messaging.checkShareContent(sender.id, input)
      if (!content.attachment)
        throw new BadRequestError('An invite shares a pin, board or profile.')
      // Every address counts against the limits, member or not, retried or not, and all before
      // anything goes out: a 429 tells nothing about an account and leaves nothing half-sent.
      await enforce(deps.limiter, `invite:${sender.id}`, [limits.perMember], emails.length)
      for (const email of emails) {
        await enforce(deps.limiter, `invite-to:${email}`, [limits.perAddress])
      }
      const answer =
        usernames.length > 0
          ? await messaging.share(sender, { ...input, recipients: usernames })
          : { result: { conversations: [], invites: [], refused: [] }, created: false }
      const members = await db
        .selectFrom('users')
        .select(['id', 'email'])
        .where('email', 'in', emails)
        .execute()
      for (const email of emails) {
        const clientId = shareClientId(input.client_message_id, email)
        const member = members.find((m) => m.email.toLowerCase() === email)
        if (!member) await invite(sender, email, content, clientId)
        else if (Number(member.id) !== sender.id)
          // like a username, but silently and under the invite limits: nothing in the
          // answer differs from an invite's
          await messaging.deliverQuietly(sender.id, Number(member.id), content, clientId)
      }
      // Addresses never decide between 201 and 200 (a retry of one sent to a member who may
      // not be messaged would look new): only usernames' conversations do.
      const created = usernames.length > 0 ? answer.created : true
      return { result: { ...answer.result, invites: emails.map((email) => ({ email })) }, created }
    },

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
        status: statusOf(row),
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
     * other and the conversation opens with what was shared. 410 once used or expired.
     */
    async accept(userId: number, token: string) {
      const found = await byToken(token)
      if (!found) throw new NotFoundError('Invite')
      const user = await db
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
      return inTransaction(db, async (tx) => {
        const row = await tx.trx
          .selectFrom('invites')
          .selectAll()
          .where('id', '=', found.id)
          .$call((q) => (messaging.isPostgres() ? q.forUpdate() : q))
          .executeTakeFirstOrThrow()
        const status = statusOf(row)
        if (status === 'used') throw new GoneError('This invite has been used.', 'invite_used')
        if (status === 'expired') throw new GoneError('This invite has expired.', 'invite_expired')
        const inviterId = Number(row.inviter_id)
        await deps.followEachOther(tx, inviterId, userId)
        const conversationId = await messaging.deliverInvite(
          tx,
          inviterId,
          user.id,
          {
            text: row.note,
            attachment: {
              type: row.attachment_type as AttachmentRef['type'],
              id: Number(row.attachment_id),
            },
          },
          `invite:${row.id}`,
        )
        await tx.trx
          .updateTable('invites')
          .set({ accepted_at: nowIso(), accepted_by: userId, conversation_id: conversationId })
          .where('id', '=', row.id)
          .execute()
        return { conversation_id: conversationId === null ? null : String(conversationId) }
      })
    },

    /**
     * Accepts the invite a new member signed up from; a refusal (used, expired, another
     * address) is answered beside the new account instead of undoing it.
     */
    async acceptOnSignup(userId: number, token: string) {
      try {
        return { accepted: true as const, ...(await service.accept(userId, token)) }
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
