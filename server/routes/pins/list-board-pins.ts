import { Type } from 'typebox'
import { defineEndpoint, Id, PageQuery } from '../../http/endpoint'
import { Page } from '../../../protocol/schemas/common'
import { Pin } from '../../../protocol/schemas/pins'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/boards/:board_id/pins',
  operationId: 'listBoardPins',
  summary: 'List the pins on a board, newest first',
  tags: ['boards'],
  auth: 'optional',
  scope: 'boards:read',
  response: Page(Pin),
  params: Type.Object({ board_id: Id }),
  query: Type.Object(PageQuery),
  handler: ({ viewer, params, query, ctx }) =>
    ctx.services.pins.listBoard(viewer?.id ?? null, params.board_id, query),
})
