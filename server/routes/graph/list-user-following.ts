import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { Username } from '../accounts/get-user'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/users/:username/following',
  summary: 'List the people a person follows, newest first',
  tags: ['users'],
  auth: 'optional',
  scope: 'user_accounts:read',
  params: Type.Object({ username: Username }),
  query: Type.Object(PageQuery),
  handler: ({ viewer, params, query, ctx }) =>
    ctx.services.graph.userFollowing(params.username, viewer?.id ?? null, query),
})
