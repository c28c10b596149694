import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { UserSummary } from '../../../protocol/schemas/accounts'
import { Page } from '../../../protocol/schemas/common'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/search/typeahead',
  operationId: 'typeahead',
  summary: 'People you may message whose username or business name starts with query',
  tags: ['search'],
  auth: 'messages:read',
  response: Page(UserSummary),
  query: Type.Object({
    query: Type.String({ maxLength: 60 }),
    page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  }),
  handler: ({ viewer, query, ctx }) =>
    ctx.services.messaging.typeahead(viewer.id, query.query, query.page_size),
})
