import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { UserSummary } from '../../../protocol/schemas/accounts'
import { Page } from '../../../protocol/schemas/common'
import { BoardParams } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/boards/:board_id/collaborators',
  operationId: 'listCollaborators',
  summary: "A board's collaborators (besides its owner), first invited first",
  tags: ['boards'],
  auth: 'optional',
  scope: 'boards:read',
  response: Page(UserSummary),
  params: BoardParams,
  query: Type.Object(PageQuery),
  handler: ({ viewer, params, query, ctx }) =>
    ctx.services.decide.collaborators.list(viewer?.id ?? null, params.board_id, query),
})
