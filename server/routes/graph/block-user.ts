import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Username } from '../accounts/get-user'
import { NoBody } from '../../../protocol/schemas/common'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/users/:username/block',
  operationId: 'blockUser',
  summary: 'Block a person: every follow between you ends and each is hidden from the other',
  tags: ['users'],
  auth: 'user_accounts:write',
  status: 204,
  response: NoBody,
  rateLimit: 60,
  params: Type.Object({ username: Username }),
  async handler({ viewer, params, ctx }) {
    await ctx.services.graph.block(viewer.id, params.username)
  },
})
