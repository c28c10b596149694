import { defineEndpoint } from '../../http/endpoint'
import { Board } from '../../../protocol/schemas/boards'
import { BoardParams } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/boards/:board_id',
  operationId: 'getBoard',
  summary: 'Get a board (a secret board is 404 to everyone but its owner)',
  tags: ['boards'],
  auth: 'optional',
  scope: 'boards:read',
  response: Board,
  params: BoardParams,
  handler: ({ viewer, params, ctx }) =>
    ctx.services.boards.get(params.board_id, viewer?.id ?? null),
})
