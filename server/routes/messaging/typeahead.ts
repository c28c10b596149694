import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Page } from '../../../protocol/schemas/common'
import { MessagingCandidate } from '../../../protocol/schemas/messaging'

/**
 * The people picker's search: people you may message whose username or business name starts
 * with `query` (or is a typo away from it). With `include_unavailable`, also people you may not
 * message yet, `can_message: false` and the reason; blocked people are never listed.
 */
export default defineEndpoint({
  method: 'GET',
  url: '/v5/search/typeahead',
  operationId: 'typeahead',
  summary: 'People you may message whose username or business name starts with query',
  tags: ['search'],
  auth: 'messages:read',
  response: Page(MessagingCandidate),
  query: Type.Object({
    query: Type.String({ maxLength: 60 }),
    page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
    include_unavailable: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'also people you may not message yet (can_message false, with the reason)',
      }),
    ),
  }),
  handler: ({ viewer, query, ctx }) =>
    ctx.services.messaging.typeahead(viewer.id, query.query, {
      limit: query.page_size,
      includeUnavailable: query.include_unavailable,
    }),
})
