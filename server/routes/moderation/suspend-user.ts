import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Username } from '../accounts/get-user'
import { Suspension, SuspendBody } from '../../../protocol/schemas/moderation'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/admin/users/:username/suspend',
  operationId: 'suspendUser',
  summary:
    'Suspend an account (moderators and admins; only an admin suspends a moderator or admin): its sessions end, its content hides',
  tags: ['moderation'],
  auth: 'user_accounts:write',
  response: Suspension,
  params: Type.Object({ username: Username }),
  body: SuspendBody,
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.moderation.suspend(viewer.id, params.username, body.note),
})
