import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { Username } from '../accounts/get-user'
import { UserSummary } from '../../../protocol/schemas/accounts'
import { Page } from '../../../protocol/schemas/common'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/users/:username/following',
  operationId: 'listUserFollowing',
  summary: 'List the people a person follows, newest first',
  tags: ['users'],
  auth: 'optional',
  scope: 'user_accounts:read',
  response: Page(UserSummary),
  params: Type.Object({ username: Username }),
  query: Type.Object(PageQuery),
  handler: ({ viewer, params, query, ctx }) =>
    ctx.services.graph.userFollowing(params.username, viewer?.id ?? null, query),
})
