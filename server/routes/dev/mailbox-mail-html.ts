import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context'
import { standaloneMailHtml } from './mailbox-html'
import { DEV_ROUTE, mailIdOf, outboxFor } from './outbox-access'

/**
 * GET /dev/mailbox/:id/html — a mail's HTML part as it would render in a mail client: no
 * scripts, no forms, images from anywhere; its mailbox page shows it in a sandboxed frame.
 */
export function registerMailboxMailHtml(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: { id: string } }>('/dev/mailbox/:id/html', DEV_ROUTE, async (req, reply) => {
    const outbox = outboxFor(ctx, req, reply)
    if (!outbox) return reply
    const id = mailIdOf(req.params.id)
    const mail = id === null ? null : await outbox.get(id)
    if (!mail?.html) {
      reply.callNotFound()
      return reply
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header(
        'content-security-policy',
        "default-src 'none'; img-src data: http: https:; style-src 'unsafe-inline'; " +
          "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; " +
          'sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation',
      )
      .send(standaloneMailHtml(mail.html, mail.attachments))
  })
}
