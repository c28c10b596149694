import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { UserSummary } from '../../../protocol/schemas/accounts'
import { Page } from '../../../protocol/schemas/common'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/user_account/blocks',
  operationId: 'listBlocks',
  summary: 'List the people the signed-in account has blocked, newest first',
  tags: ['user_account'],
  auth: 'user_accounts:read',
  response: Page(UserSummary),
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.graph.blocks(viewer.id, query),
})
