import { defineEndpoint } from '../../http/endpoint'
import { EmailSubscription } from '../../../protocol/schemas/invites'
import { TokenParams } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/email/unsubscribe/:token',
  operationId: 'unsubscribeStatus',
  summary:
    'Whose unread-message emails an unsubscribe link (from such an email) is for, and whether they are on. Never changes anything: mail scanners open links',
  tags: ['email'],
  auth: 'none',
  response: EmailSubscription,
  rateLimit: 60,
  params: TokenParams,
  async handler({ params, ctx, reply }) {
    reply.header('referrer-policy', 'no-referrer')
    return ctx.services.unsubscribe.status(params.token)
  },
})
