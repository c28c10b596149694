import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Board } from '../../../protocol/schemas/boards'
import { BoardDescription, BoardName, BoardPrivacy } from './schemas'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/boards',
  operationId: 'createBoard',
  summary: 'Create a board (names are unique per owner)',
  tags: ['boards'],
  auth: 'boards:write',
  status: 201,
  response: Board,
  errors: [409],
  rateLimit: 60,
  body: Type.Object({
    name: BoardName,
    description: Type.Optional(BoardDescription),
    privacy: Type.Optional(BoardPrivacy),
  }),
  handler: ({ viewer, body, ctx }) => ctx.services.boards.create(viewer.id, body),
})
