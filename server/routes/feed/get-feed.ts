import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { Page } from '../../../protocol/schemas/common'
import { Pin } from '../../../protocol/schemas/pins'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/feed',
  operationId: 'getFeed',
  summary: 'Home feed: pins from people and boards you follow, newest first, then popular pins',
  tags: ['feed'],
  auth: 'optional',
  scope: 'pins:read',
  response: Page(Pin),
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.feed.home(viewer?.id ?? null, query),
})
