import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { Page } from '../../../protocol/schemas/common'
import { Pin } from '../../../protocol/schemas/pins'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/pins',
  operationId: 'listPins',
  summary: 'List your own pins, newest first',
  tags: ['pins'],
  auth: 'pins:read',
  response: Page(Pin),
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.pins.listOwn(viewer.id, query),
})
