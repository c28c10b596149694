import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { UnsubscribeToken } from './schemas'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/email/unsubscribe/:token',
  summary:
    'Stop unread-message emails, without logging in: the link from such an email, also as the one-click `List-Unsubscribe-Post` target (RFC 8058, form body `List-Unsubscribe=One-Click`)',
  tags: ['email'],
  auth: 'none',
  rateLimit: 60,
  bodyLimit: 1024,
  params: Type.Object({ token: UnsubscribeToken }),
  async handler({ params, ctx, reply }) {
    reply.header('referrer-policy', 'no-referrer')
    return ctx.services.unsubscribe.set(params.token, false)
  },
})
