import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Username } from '../accounts/get-user'
import { Suspension, SuspendBody } from '../../../protocol/schemas/moderation'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/admin/users/:username/unsuspend',
  operationId: 'unsuspendUser',
  summary: 'Lift an account’s suspension (moderators and admins)',
  tags: ['moderation'],
  auth: 'user_accounts:write',
  response: Suspension,
  params: Type.Object({ username: Username }),
  body: SuspendBody,
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.moderation.unsuspend(viewer.id, params.username, body.note),
})
