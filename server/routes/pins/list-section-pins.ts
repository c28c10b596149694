import { Type } from 'typebox'
import { defineEndpoint, Id, PageQuery } from '../../http/endpoint'
import { Page } from '../../../protocol/schemas/common'
import { Pin } from '../../../protocol/schemas/pins'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/boards/:board_id/sections/:section_id/pins',
  operationId: 'listSectionPins',
  summary: 'List the pins in a board section, newest first',
  tags: ['boards'],
  auth: 'optional',
  scope: 'boards:read',
  response: Page(Pin),
  params: Type.Object({ board_id: Id, section_id: Id }),
  query: Type.Object(PageQuery),
  handler: ({ viewer, params, query, ctx }) =>
    ctx.services.pins.listSection(viewer?.id ?? null, params.board_id, params.section_id, query),
})
