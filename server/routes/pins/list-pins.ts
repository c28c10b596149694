import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/pins',
  summary: 'List your own pins, newest first',
  tags: ['pins'],
  auth: 'pins:read',
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.pins.listOwn(viewer.id, query),
})
