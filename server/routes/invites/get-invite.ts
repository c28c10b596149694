import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { InvitePreview } from '../../../protocol/schemas/invites'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/invites/:token',
  operationId: 'getInvite',
  summary:
    'An invite as its landing page shows it: who sent what, and whether it can still be used. Never uses it up (mail scanners open links)',
  tags: ['invites'],
  auth: 'none',
  response: InvitePreview,
  rateLimit: 60,
  params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
  async handler({ params, ctx, reply }) {
    // the token is in this URL: it goes to no other site
    reply.header('referrer-policy', 'no-referrer')
    return ctx.services.invites.preview(params.token)
  },
})
