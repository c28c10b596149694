import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context'
import { escapeHtml, mailboxPage } from './mailbox-html'
import { DEV_ROUTE, MAILBOX_LIMIT, outboxFor } from './outbox-access'

/** GET /dev/mailbox — the outbox as a page: the newest mails first, each one a link. */
export function registerMailboxPage(app: FastifyInstance, ctx: AppContext) {
  app.get('/dev/mailbox', DEV_ROUTE, async (req, reply) => {
    const outbox = outboxFor(ctx, req, reply)
    if (!outbox) return reply
    const mails = await outbox.list(MAILBOX_LIMIT)
    const rows = mails
      .map(
        (m) => `<tr><td class="muted">${escapeHtml(m.created_at)}</td>
<td>${escapeHtml(m.to)}</td>
<td><a href="/dev/mailbox/${m.id}">${escapeHtml(m.subject) || '(no subject)'}</a></td></tr>`,
      )
      .join('\n')
    const body = mails.length
      ? `<table><thead><tr><th>sent</th><th>to</th><th>subject</th></tr></thead><tbody>${rows}</tbody></table>
<p class="muted">The newest ${MAILBOX_LIMIT} mails; also as JSON at <a href="/dev/mailbox.json">/dev/mailbox.json</a>.</p>`
      : '<p>No mail yet. Mail the server sends shows up here.</p>'
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(mailboxPage('Mailbox', body))
  })
}
