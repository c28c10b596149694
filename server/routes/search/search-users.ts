import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { UserSummary } from '../../../protocol/schemas/accounts'
import { Page } from '../../../protocol/schemas/common'
import { SearchQuery } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/search/users',
  operationId: 'searchUsers',
  summary: 'People by username or business name, forgiving typos',
  tags: ['search'],
  auth: 'optional',
  scope: 'user_accounts:read',
  response: Page(UserSummary),
  query: Type.Object(SearchQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.search.searchUsers(viewer?.id ?? null, query),
})
