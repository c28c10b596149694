import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { BoardSection } from '../../../protocol/schemas/boards'
import { BoardName, BoardParams } from './schemas'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/boards/:board_id/sections',
  operationId: 'createSection',
  summary: 'Create a section on a board (owner only)',
  tags: ['boards'],
  auth: 'boards:write',
  status: 201,
  response: BoardSection,
  errors: [409],
  rateLimit: 60,
  params: BoardParams,
  body: Type.Object({ name: BoardName }),
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.boards.createSection(viewer.id, params.board_id, body.name),
})
