import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context'
import { escapeHtml, linkify, mailboxPage } from './mailbox-html'
import { DEV_ROUTE, mailIdOf, outboxFor } from './outbox-access'

/**
 * GET /dev/mailbox/:id — one mail: its headers, its HTML part in a sandboxed frame (links open
 * in this tab), its text part with clickable links.
 */
export function registerMailboxMail(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: { id: string } }>('/dev/mailbox/:id', DEV_ROUTE, async (req, reply) => {
    const outbox = outboxFor(ctx, req, reply)
    if (!outbox) return reply
    const id = mailIdOf(req.params.id)
    const mail = id === null ? null : await outbox.get(id)
    if (!mail) {
      reply.callNotFound()
      return reply
    }
    const headers = Object.entries(mail.headers)
      .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${linkify(value)}</dd>`)
      .join('')
    const files = mail.attachments
      .map(
        (a) => `${escapeHtml(a.filename)} (${escapeHtml(a.contentType)}${a.cid ? ', inline' : ''})`,
      )
      .join(', ')
    const html = mail.html
      ? `<h2>HTML</h2><iframe title="the mail's HTML part" src="/dev/mailbox/${mail.id}/html"
  sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"></iframe>`
      : ''
    const body = `<h1>${escapeHtml(mail.subject)}</h1>
<dl><dt>to</dt><dd>${escapeHtml(mail.to)}</dd><dt>sent</dt><dd>${escapeHtml(mail.created_at)}</dd>${headers}${
      files ? `<dt>attachments</dt><dd>${files}</dd>` : ''
    }</dl>
${html}
<h2>Text</h2><pre>${linkify(mail.text)}</pre>`
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(mailboxPage(mail.subject, body))
  })
}
