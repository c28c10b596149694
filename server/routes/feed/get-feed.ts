import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { Page } from '../../../protocol/schemas/common'
import { FeedPin } from '../../../protocol/schemas/feed'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/feed',
  operationId: 'getFeed',
  summary:
    'Home feed: one card per original pin saved in your network (who saved it: `saved_by`), newest first, then popular pins',
  tags: ['feed'],
  auth: 'optional',
  scope: 'pins:read',
  response: Page(FeedPin),
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.feed.home(viewer?.id ?? null, query),
})
