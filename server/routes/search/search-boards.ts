import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Board } from '../../../protocol/schemas/boards'
import { Page } from '../../../protocol/schemas/common'
import { SearchQuery } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/search/boards',
  operationId: 'searchBoards',
  summary: 'Boards whose name or description matches query, newest first',
  tags: ['search'],
  auth: 'optional',
  scope: 'boards:read',
  response: Page(Board),
  query: Type.Object(SearchQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.search.searchBoards(viewer?.id ?? null, query),
})
