import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context'
import { isLoopbackRequestForLoopbackHost } from '../../http/loopback'
import type { Outbox } from '../../mail/outbox'

/**
 * The outbox, for a request allowed to read it: only while there is no SMTP_URL and only from
 * this machine and addressed to it by a loopback name (localhost, 127.0.0.1, [::1]; a
 * DNS-rebinding page's requests carry its own name), since it holds live invite links. Anyone
 * else gets exactly what a path that does not exist gets (the not-found handler answers, and
 * null is returned).
 */
export function outboxFor(ctx: AppContext, req: FastifyRequest, reply: FastifyReply) {
  const outbox: Outbox | null = ctx.mailer.outbox
  if (outbox && isLoopbackRequestForLoopbackHost(req)) return outbox
  reply.callNotFound()
  return null
}

/** Options shared by the /dev pages: not in the API docs, not rate limited (loopback only). */
export const DEV_ROUTE = { schema: { hide: true }, config: { rateLimit: false } } as const

/** How many of the newest mails the mailbox lists. */
export const MAILBOX_LIMIT = 200

/** A mail's id from the path, or null for what cannot be one. */
export const mailIdOf = (param: string): number | null =>
  /^[1-9][0-9]{0,15}$/.test(param) ? Number(param) : null
