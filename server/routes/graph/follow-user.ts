import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Username } from '../accounts/get-user'
import { UserSummary } from '../../../protocol/schemas/accounts'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/user_account/following/:username',
  operationId: 'followUser',
  summary: 'Follow a person (following them again changes nothing)',
  tags: ['user_account'],
  auth: 'user_accounts:write',
  response: UserSummary,
  rateLimit: 120,
  params: Type.Object({ username: Username }),
  // Pinterest's FollowUserRequest body (`auto_follow`) has no meaning here and is ignored.
  handler: ({ viewer, params, ctx }) => ctx.services.graph.follow(viewer.id, params.username),
})
