import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { UserSummary } from '../../../protocol/schemas/accounts'
import { Page } from '../../../protocol/schemas/common'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/user_account/followers',
  operationId: 'listFollowers',
  summary: 'List the people who follow the signed-in account, newest first',
  tags: ['user_account'],
  auth: 'user_accounts:read',
  response: Page(UserSummary),
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.graph.followers(viewer.id, query),
})
