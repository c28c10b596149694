import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context'
import { DEV_ROUTE, MAILBOX_LIMIT, outboxFor } from './outbox-access'

/** GET /dev/mailbox.json — the outbox's newest mails, newest first (loopback, no SMTP only). */
export function registerMailboxJson(app: FastifyInstance, ctx: AppContext) {
  app.get('/dev/mailbox.json', DEV_ROUTE, async (req, reply) => {
    const outbox = outboxFor(ctx, req, reply)
    if (!outbox) return reply
    const mails = await outbox.list(MAILBOX_LIMIT)
    reply.header('cache-control', 'no-store')
    return {
      items: mails.map((m) => ({
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        created_at: m.created_at,
      })),
    }
  })
}
