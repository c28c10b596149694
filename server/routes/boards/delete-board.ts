import { defineEndpoint } from '../../http/endpoint'
import { NoBody } from '../../../protocol/schemas/common'
import { BoardParams } from './schemas'

export default defineEndpoint({
  method: 'DELETE',
  url: '/v5/boards/:board_id',
  operationId: 'deleteBoard',
  summary: 'Delete a board with its sections and pins (owner only)',
  tags: ['boards'],
  auth: 'boards:write',
  status: 204,
  response: NoBody,
  params: BoardParams,
  async handler({ viewer, params, ctx }) {
    await ctx.services.boards.remove(viewer.id, params.board_id)
  },
})
