import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context'
import { registerMailboxJson } from './mailbox-json'
import { registerMailboxMail } from './mailbox-mail'
import { registerMailboxMailHtml } from './mailbox-mail-html'
import { registerMailboxPage } from './mailbox-page'

/** Pages for running Corkboard on your own machine: the embedded mail outbox. */
export function registerDevRoutes(app: FastifyInstance, ctx: AppContext) {
  registerMailboxPage(app, ctx)
  registerMailboxJson(app, ctx)
  registerMailboxMail(app, ctx)
  registerMailboxMailHtml(app, ctx)
}
