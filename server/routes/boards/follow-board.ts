import { defineEndpoint } from '../../http/endpoint'
import { Board } from '../../../protocol/schemas/boards'
import { BoardParams } from './schemas'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/boards/:board_id/follow',
  operationId: 'followBoard',
  summary: 'Follow a board (following it again changes nothing)',
  tags: ['boards'],
  auth: 'user_accounts:write',
  response: Board,
  rateLimit: 120,
  params: BoardParams,
  handler: ({ viewer, params, ctx }) => ctx.services.boards.follow(viewer.id, params.board_id),
})
