import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** How long a digest's reply address takes replies. */
export const REPLY_TOKEN_TTL_MS = 14 * 86_400_000

const VERSION = 1
/** version (1) + user id (6) + conversation id (6) + expiry in s (4) */
const PAYLOAD_BYTES = 17
const MAC_BYTES = 16
/** 33 bytes: 44 base64url characters, no padding; `reply+` and it fit a local part (≤ 64) */
const TOKEN = /^[A-Za-z0-9_-]{44}$/
const LOCAL_PREFIX = 'reply+'
const ID_MAX = 2 ** 48 - 1

/** What a valid reply token stands for. */
export interface ReplyToken {
  token: string
  userId: number
  conversationId: number
  expiresAt: number
}

export type ReplyAddressCheck =
  ({ ok: true } & ReplyToken) | { ok: false; why: 'unknown_recipient' | 'expired' }

/** The sha256 of a token: how `email_replies` keeps it. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * Reply addresses (`reply+<token>@<domain>`): the token names a member and a conversation until
 * an expiry, signed with HMAC-SHA256 under the session secret, base64url. Nothing is stored to
 * make one; whether one was used is `email_replies`' business.
 */
export function createReplyTokens(deps: { secret: string; domain: string }) {
  const { secret, domain } = deps
  const macOf = (payload: Buffer) =>
    createHmac('sha256', secret)
      .update('reply-by-email:')
      .update(payload)
      .digest()
      .subarray(0, MAC_BYTES)

  function tokenFor(userId: number, conversationId: number, now = Date.now()): string {
    if (userId > ID_MAX || conversationId > ID_MAX) throw new RangeError('id too large')
    const payload = Buffer.alloc(PAYLOAD_BYTES)
    payload.writeUInt8(VERSION, 0)
    payload.writeUIntBE(userId, 1, 6)
    payload.writeUIntBE(conversationId, 7, 6)
    payload.writeUInt32BE(Math.ceil((now + REPLY_TOKEN_TTL_MS) / 1000), 13)
    return Buffer.concat([payload, macOf(payload)]).toString('base64url')
  }

  /** The token's member, conversation and expiry, or why it is refused. */
  function check(token: string, now = Date.now()): ReplyAddressCheck {
    if (!TOKEN.test(token)) return { ok: false, why: 'unknown_recipient' }
    const raw = Buffer.from(token, 'base64url')
    // one string per token: base64url's unused low bits must be as tokenFor writes them
    if (raw.length !== PAYLOAD_BYTES + MAC_BYTES || raw.toString('base64url') !== token) {
      return { ok: false, why: 'unknown_recipient' }
    }
    const payload = raw.subarray(0, PAYLOAD_BYTES)
    if (!timingSafeEqual(raw.subarray(PAYLOAD_BYTES), macOf(payload))) {
      return { ok: false, why: 'unknown_recipient' }
    }
    if (payload.readUInt8(0) !== VERSION) return { ok: false, why: 'unknown_recipient' }
    const expiresAt = payload.readUInt32BE(13) * 1000
    if (expiresAt <= now) return { ok: false, why: 'expired' }
    return {
      ok: true,
      token,
      userId: payload.readUIntBE(1, 6),
      conversationId: payload.readUIntBE(7, 6),
      expiresAt,
    }
  }

  return {
    domain,
    tokenFor,
    /** The Reply-To of a digest to `userId` about `conversationId`: valid for 14 days. */
    addressFor: (userId: number, conversationId: number, now = Date.now()) =>
      `${LOCAL_PREFIX}${tokenFor(userId, conversationId, now)}@${domain}`,
    check,
    /** An envelope recipient: `reply+<token>@<domain>` (the domain in any case), checked. */
    checkAddress(address: string, now = Date.now()): ReplyAddressCheck {
      const at = address.lastIndexOf('@')
      const local = address.slice(0, at)
      if (at < 0 || address.slice(at + 1).toLowerCase() !== domain) {
        return { ok: false, why: 'unknown_recipient' }
      }
      if (!local.toLowerCase().startsWith(LOCAL_PREFIX))
        return { ok: false, why: 'unknown_recipient' }
      return check(local.slice(LOCAL_PREFIX.length), now)
    },
  }
}

export type ReplyTokens = ReturnType<typeof createReplyTokens>
