import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Username } from '../accounts/get-user'
import { NoBody } from '../../../protocol/schemas/common'

export default defineEndpoint({
  method: 'DELETE',
  url: '/v5/users/:username/block',
  operationId: 'unblockUser',
  summary: 'Unblock a person (follows the block removed are not restored)',
  tags: ['users'],
  auth: 'user_accounts:write',
  status: 204,
  response: NoBody,
  rateLimit: 60,
  params: Type.Object({ username: Username }),
  async handler({ viewer, params, ctx }) {
    await ctx.services.graph.unblock(viewer.id, params.username)
  },
})
