import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { Board } from '../../../protocol/schemas/boards'
import { Page } from '../../../protocol/schemas/common'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/user_account/following/boards',
  operationId: 'listFollowedBoards',
  summary: 'List the boards the signed-in account follows, newest follow first',
  tags: ['user_account'],
  auth: 'user_accounts:read',
  response: Page(Board),
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.boards.listFollowed(viewer.id, query),
})
