import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Db } from '../../db/database'
import { NotFoundError } from '../../errors'

/** What the unsubscribe page shows: whose emails, and whether they are on now. */
export interface EmailSubscription {
  username: string
  unread_digest_email: boolean
}

const TOKEN = /^([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{22})$/

/**
 * Unsubscribe links that work without logging in: `<user id>.<HMAC of it>`, so a link never
 * expires and needs no table, and no one can make one for another account without the secret.
 */
export function createUnsubscribe(deps: { db: Db; secret: string; publicUrl: string }) {
  const { db, secret, publicUrl } = deps
  const macOf = (userId: number) =>
    createHmac('sha256', secret)
      .update(`unsubscribe:${userId}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url')

  const tokenFor = (userId: number) => `${userId}.${macOf(userId)}`

  /** The user a token names, or 404 for a token that was never made here. */
  function userOf(token: string): number {
    const match = TOKEN.exec(token)
    const userId = match ? Number(match[1]) : 0
    const given = Buffer.from(match?.[2] ?? '', 'base64url')
    const expected = Buffer.from(macOf(userId), 'base64url')
    if (!match || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new NotFoundError('Unsubscribe link')
    }
    return userId
  }

  async function subscriptionOf(userId: number): Promise<EmailSubscription> {
    const user = await db
      .selectFrom('users')
      .select(['username', 'unread_digest_email'])
      .where('id', '=', userId)
      .executeTakeFirst()
    if (!user) throw new NotFoundError('Unsubscribe link')
    return { username: user.username, unread_digest_email: Number(user.unread_digest_email) === 1 }
  }

  return {
    /** The links a notification carries: the page (a click), and the one-click POST (RFC 8058). */
    linksFor(userId: number) {
      const token = tokenFor(userId)
      return {
        page: `${publicUrl}/unsubscribe/${token}`,
        oneClick: `${publicUrl}/v5/email/unsubscribe/${token}`,
      }
    },

    status: (token: string) => subscriptionOf(userOf(token)),

    /** Turns the unread-message emails off (or back on) for the token's account. */
    async set(token: string, on: boolean): Promise<EmailSubscription> {
      const userId = userOf(token)
      await db
        .updateTable('users')
        .set({ unread_digest_email: on ? 1 : 0 })
        .where('id', '=', userId)
        .execute()
      return subscriptionOf(userId)
    },
  }
}

export type Unsubscribe = ReturnType<typeof createUnsubscribe>
