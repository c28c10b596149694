import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { InviteAccepted } from '../../../protocol/schemas/invites'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/invites/:token/accept',
  operationId: 'acceptInvite',
  summary:
    'Accept an invite sent to your email address: you and the inviter follow each other and the conversation with what was shared opens. 410 once used or expired',
  tags: ['invites'],
  auth: 'messages:write',
  response: InviteAccepted,
  errors: [410],
  rateLimit: 30,
  params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
  async handler({ viewer, params, ctx, reply }) {
    reply.header('referrer-policy', 'no-referrer')
    return ctx.services.invites.accept(viewer.id, params.token)
  },
})
