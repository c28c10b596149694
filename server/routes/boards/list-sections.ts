import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { BoardSection } from '../../../protocol/schemas/boards'
import { Page } from '../../../protocol/schemas/common'
import { BoardParams } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/boards/:board_id/sections',
  operationId: 'listSections',
  summary: "List a board's sections, oldest first",
  tags: ['boards'],
  auth: 'optional',
  scope: 'boards:read',
  response: Page(BoardSection),
  params: BoardParams,
  query: Type.Object(PageQuery),
  handler: ({ viewer, params, query, ctx }) =>
    ctx.services.boards.listSections(params.board_id, viewer?.id ?? null, query),
})
