import { defineEndpoint } from '../../http/endpoint'
import { NoBody } from '../../../protocol/schemas/common'
import { BoardParams } from './schemas'

export default defineEndpoint({
  method: 'DELETE',
  url: '/v5/boards/:board_id/follow',
  operationId: 'unfollowBoard',
  summary: 'Stop following a board',
  tags: ['boards'],
  auth: 'user_accounts:write',
  status: 204,
  response: NoBody,
  rateLimit: 120,
  params: BoardParams,
  async handler({ viewer, params, ctx }) {
    await ctx.services.boards.unfollow(viewer.id, params.board_id)
  },
})
