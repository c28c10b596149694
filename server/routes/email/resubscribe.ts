import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { UnsubscribeToken } from './schemas'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/email/resubscribe/:token',
  summary: 'Turn unread-message emails back on from the unsubscribe page, without logging in',
  tags: ['email'],
  auth: 'none',
  rateLimit: 60,
  bodyLimit: 1024,
  params: Type.Object({ token: UnsubscribeToken }),
  async handler({ params, ctx, reply }) {
    reply.header('referrer-policy', 'no-referrer')
    return ctx.services.unsubscribe.set(params.token, true)
  },
})
