import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Username } from '../accounts/get-user'
import { NoBody } from '../../../protocol/schemas/common'

export default defineEndpoint({
  method: 'DELETE',
  url: '/v5/user_account/following/:username',
  operationId: 'unfollowUser',
  summary: 'Stop following a person',
  tags: ['user_account'],
  auth: 'user_accounts:write',
  status: 204,
  response: NoBody,
  rateLimit: 120,
  params: Type.Object({ username: Username }),
  async handler({ viewer, params, ctx }) {
    await ctx.services.graph.unfollow(viewer.id, params.username)
  },
})
