import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { BoardSection } from '../../../protocol/schemas/boards'
import { BoardName, SectionParams } from './schemas'

export default defineEndpoint({
  method: 'PATCH',
  url: '/v5/boards/:board_id/sections/:section_id',
  operationId: 'updateSection',
  summary: 'Rename a board section (owner only)',
  tags: ['boards'],
  auth: 'boards:write',
  response: BoardSection,
  errors: [409],
  params: SectionParams,
  body: Type.Object({ name: BoardName }),
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.boards.renameSection(
      viewer.id,
      params.board_id,
      Number(params.section_id),
      body.name,
    ),
})
