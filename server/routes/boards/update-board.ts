import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Board } from '../../../protocol/schemas/boards'
import { BoardDescription, BoardName, BoardParams, BoardPrivacy } from './schemas'

export default defineEndpoint({
  method: 'PATCH',
  url: '/v5/boards/:board_id',
  operationId: 'updateBoard',
  summary: "Edit a board's name, description or privacy (owner only)",
  tags: ['boards'],
  auth: 'boards:write',
  response: Board,
  errors: [409],
  params: BoardParams,
  body: Type.Object({
    name: Type.Optional(BoardName),
    description: Type.Optional(BoardDescription),
    privacy: Type.Optional(BoardPrivacy),
  }),
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.boards.update(viewer.id, params.board_id, body),
})
